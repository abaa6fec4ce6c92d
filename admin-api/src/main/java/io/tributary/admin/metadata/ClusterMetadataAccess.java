package io.tributary.admin.metadata;

import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * The read-only view of Tributary's ZooKeeper layout, when {@code tributary.admin.zookeeper-connect} is given. The
 * admin API registers nothing: it only reads the caches (brokers, coordinators, topics) that {@link ClusterMetadata}
 * keeps current.
 */
@Component
public class ClusterMetadataAccess implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterMetadataAccess.class);

    private final CuratorFramework client;
    private final ClusterMetadata metadata;

    ClusterMetadataAccess(ZooKeeperSettings settings) {
        if (!settings.configured()) {
            client = null;
            metadata = null;
            return;
        }
        client = ZooKeeperConnection.connect(settings.zookeeperConnect(), settings.zookeeperTimeout(),
                settings.zookeeperTimeout());
        try {
            metadata = new ClusterMetadata(client);
            metadata.start();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        log.info("Reading broker registrations from ZooKeeper at {}", settings.zookeeperConnect());
    }

    /** Empty when no ZooKeeper is configured (e.g. against a plain Kafka cluster). */
    public Optional<ClusterMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public void destroy() {
        if (metadata != null) {
            metadata.close();
            client.close();
        }
    }
}

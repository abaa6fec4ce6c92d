package io.tributary.coordinator.offsets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.Broker;
import io.tributary.broker.config.BrokerConfig;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.zk.ZooKeeperConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A real ZooKeeper (Curator's TestingServer) and one real broker in this JVM, on free ports, plus the started
 * {@link ClusterMetadata} a coordinator would have on the same chroot.
 */
final class RunningBroker implements AutoCloseable {

    static final String CHROOT = "/tributary";

    private final TestingServer zookeeper;
    private final Broker broker;
    private final CuratorFramework client;
    private final ClusterMetadata metadata;

    RunningBroker(Path logDir) throws Exception {
        zookeeper = new TestingServer(true);
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> settings = new HashMap<>(Map.of(
                "broker.id", "1",
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir.toString(),
                "zookeeper.connect", zookeeper.getConnectString() + CHROOT));
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        broker = new Broker(BrokerConfig.from(environment), new SimpleMeterRegistry(), Clock.systemUTC());
        broker.start();
        client = ZooKeeperConnection.connect(zookeeper.getConnectString() + CHROOT, Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        metadata = new ClusterMetadata(client);
        metadata.start();
    }

    String bootstrap() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return broker.boundPort();
    }

    String zookeeperConnect() {
        return zookeeper.getConnectString();
    }

    ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() throws Exception {
        metadata.close();
        client.close();
        broker.close();
        zookeeper.close();
    }
}

package io.tributary.metadata;

import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/** {@code /cluster/id}: written once by whichever process asks first; every later reader gets the winner's id. */
final class ClusterIdStore {

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;
    private volatile String clusterId;

    ClusterIdStore(CuratorFramework client, ZkWriter writer, MetadataJson json) {
        this.client = client;
        this.writer = writer;
        this.json = json;
    }

    String clusterId() {
        String known = clusterId;
        if (known == null) {
            known = ZkCalls.call("reading the cluster id", this::readOrCreate);
            clusterId = known;
        }
        return known;
    }

    private String readOrCreate() throws Exception {
        while (true) {
            try {
                return json.clusterId(client.getData().forPath(ZkPaths.CLUSTER_ID));
            } catch (KeeperException.NoNodeException first) {
                try {
                    String id = KafkaUuid.random();
                    writer.createWithParents("writing the cluster id", ZkPaths.CLUSTER_ID, json.clusterId(id),
                            CreateMode.PERSISTENT);
                    return id;
                } catch (KeeperException.NodeExistsException raced) {
                    // another process won: read its id
                }
            }
        }
    }
}

package io.tributary.metadata.coordinator;

import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Claims and releases the ephemeral {@code /coordinators/owners/{p}} that makes a coordinator the one owner of
 * partition {@code p} of {@code __consumer_offsets}. ZooKeeper's create-if-absent gives exactly one owner; the node
 * dies with the owner's session, so a crashed coordinator's partitions become claimable once its session expires.
 *
 * <p>A node counts as this process's only if it was created by the <em>current</em> session and names the same
 * coordinator id. A node left by an earlier session of the same process (after LOST) is somebody else's until
 * ZooKeeper expires that session and deletes it: claiming it again must wait for the deletion.
 */
public final class OffsetsPartitionClaims {

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;

    public OffsetsPartitionClaims(CuratorFramework client, ZkWriter writer, MetadataJson json) {
        this.client = client;
        this.writer = writer;
        this.json = json;
    }

    /**
     * @return the epoch of the claim (its node's czxid, see {@link OffsetsPartitionOwner}) if this session now owns
     *         the partition for {@code coordinatorId} (created now or before), else empty
     */
    public OptionalLong claim(int partition, int coordinatorId) {
        String path = ZkPaths.offsetsPartitionOwner(partition);
        byte[] value = json.offsetsPartitionOwner(coordinatorId);
        String action = "claiming __consumer_offsets partition " + partition;
        return ZkCalls.call(action, () -> {
            while (true) {
                long session = session();
                try {
                    writer.createWithParents(action, path, value, CreateMode.EPHEMERAL);
                } catch (KeeperException.NodeExistsException exists) {
                    // ours from before, or somebody else's: the read below tells
                }
                Stat stat = new Stat();
                try {
                    byte[] current = client.getData().storingStatIn(stat).forPath(path);
                    return isOurs(stat, current, session, coordinatorId) ? OptionalLong.of(stat.getCzxid())
                            : OptionalLong.empty();
                } catch (KeeperException.NoNodeException released) {
                    // released in between: try again
                }
            }
        });
    }

    /**
     * Deletes the owner node if this session holds it for {@code coordinatorId}; otherwise does nothing.
     *
     * @return true if this call deleted the node
     */
    public boolean release(int partition, int coordinatorId) {
        String path = ZkPaths.offsetsPartitionOwner(partition);
        return ZkCalls.call("releasing __consumer_offsets partition " + partition, () -> {
            Stat stat = new Stat();
            try {
                byte[] current = client.getData().storingStatIn(stat).forPath(path);
                if (!isOurs(stat, current, session(), coordinatorId)) {
                    return false;
                }
                client.delete().withVersion(stat.getVersion()).forPath(path);
                return true;
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                return false; // not there any more, or no longer the node we read
            }
        });
    }

    /**
     * Reads the owner from the ZooKeeper leader's current state (a {@code sync} first, so that the server this
     * client talks to has caught up): for a broker whose cache may lag behind a new claim.
     */
    public Optional<OffsetsPartitionOwner> read(int partition) {
        String path = ZkPaths.offsetsPartitionOwner(partition);
        return ZkCalls.call("reading the owner of __consumer_offsets partition " + partition, () -> {
            CompletableFuture<Void> synced = new CompletableFuture<>();
            client.sync().inBackground((ignored, event) -> synced.complete(null)).forPath(path);
            synced.get(client.getZookeeperClient().getConnectionTimeoutMs(), TimeUnit.MILLISECONDS);
            Stat stat = new Stat();
            try {
                byte[] current = client.getData().storingStatIn(stat).forPath(path);
                return Optional.of(new OffsetsPartitionOwner(json.offsetsPartitionOwner(current), stat.getCzxid()));
            } catch (KeeperException.NoNodeException unowned) {
                return Optional.empty();
            }
        });
    }

    private boolean isOurs(Stat stat, byte[] value, long session, int coordinatorId) {
        if (stat.getEphemeralOwner() != session) {
            return false;
        }
        try {
            return json.offsetsPartitionOwner(value) == coordinatorId;
        } catch (MetadataJson.MalformedMetadataException unreadable) {
            return false;
        }
    }

    private long session() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }
}

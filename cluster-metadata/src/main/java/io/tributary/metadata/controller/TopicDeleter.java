package io.tributary.metadata.controller;

import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one pending deletion as the controller: removes {@code /topics/{name}} with all its partition states and
 * the marker {@code /admin/delete_topics/{name}} in one transaction, so no one ever sees a half-deleted topic or a
 * deleted topic whose marker remains. The transaction starts with the controller epoch check and checks the versions
 * it read, and is rebuilt when a partition was added meanwhile.
 *
 * <p>The marker names the topic id it was written for: a marker that outlived its topic (the topic was deleted and
 * created again in between) only removes itself.
 */
public final class TopicDeleter {

    private static final Logger log = LoggerFactory.getLogger(TopicDeleter.class);
    private static final int EPOCH_CHECK = 0;

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;
    private final ControllerElection election;

    public TopicDeleter(CuratorFramework client, ZkWriter writer, MetadataJson json, ControllerElection election) {
        this.client = client;
        this.writer = writer;
        this.json = json;
        this.election = election;
    }

    /** @return false if this process is not (or no longer) the controller, so the deletion is left to the next one */
    public boolean delete(String name) {
        String action = "deleting topic " + name;
        return ZkCalls.call(action, () -> {
            while (election.isController()) {
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(election.epochCheck());
                Stat markerStat = new Stat();
                String markedId;
                try {
                    markedId = json.deleteMarker(client.getData().storingStatIn(markerStat)
                            .forPath(ZkPaths.deleteMarker(name)));
                } catch (KeeperException.NoNodeException alreadyDone) {
                    return true;
                }
                ops.addAll(deleteTopicOps(name, markedId));
                ops.add(client.transactionOp().delete().withVersion(markerStat.getVersion())
                        .forPath(ZkPaths.deleteMarker(name)));
                try {
                    writer.commit(action, ops);
                    log.info("Deleted topic {} (id {})", name, markedId);
                    return true;
                } catch (KeeperException e) {
                    if (failedAt(e, EPOCH_CHECK)) {
                        log.warn("Not deleting topic {}: a newer controller has taken over", name);
                        return false;
                    }
                    if (!(e instanceof KeeperException.BadVersionException || e instanceof KeeperException.NoNodeException
                            || e instanceof KeeperException.NotEmptyException)) {
                        throw e;
                    }
                    // the topic changed (partitions added) or the marker was rewritten: read again
                }
            }
            return false;
        });
    }

    private List<CuratorOp> deleteTopicOps(String name, String markedId) throws Exception {
        Stat topicStat = new Stat();
        String storedId;
        try {
            storedId = json.topic(client.getData().storingStatIn(topicStat).forPath(ZkPaths.topic(name))).topicId();
        } catch (KeeperException.NoNodeException gone) {
            return List.of();
        }
        if (!storedId.equals(markedId)) {
            log.info("Topic {} was re-created (id {}) after being marked for deletion (id {}): keeping it",
                    name, storedId, markedId);
            return List.of();
        }
        List<CuratorOp> ops = new ArrayList<>();
        TransactionOp op = client.transactionOp();
        List<String> partitions = children(ZkPaths.partitions(name));
        for (String partition : partitions) {
            String partitionPath = ZkPaths.partitions(name) + "/" + partition;
            for (String child : children(partitionPath)) {
                ops.add(op.delete().forPath(partitionPath + "/" + child));
            }
            ops.add(op.delete().forPath(partitionPath));
        }
        if (client.checkExists().forPath(ZkPaths.partitions(name)) != null) {
            ops.add(op.delete().forPath(ZkPaths.partitions(name)));
        }
        ops.add(op.delete().withVersion(topicStat.getVersion()).forPath(ZkPaths.topic(name)));
        return ops;
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private static boolean failedAt(KeeperException e, int index) {
        List<OpResult> results = e.getResults();
        return results != null && results.size() > index
                && results.get(index) instanceof OpResult.ErrorResult error
                && error.getErr() == KeeperException.Code.BADVERSION.intValue();
    }
}

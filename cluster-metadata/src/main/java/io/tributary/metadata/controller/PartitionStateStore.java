package io.tributary.metadata.controller;

import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkRequestLimit;
import io.tributary.metadata.zk.ZkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * The controller's reads and writes of partition states. Reads go to ZooKeeper, not to a cache, because a write must
 * name the znode version it was decided on. Writes are transactions that start with the controller-epoch check, so a
 * deposed controller changes nothing, and set each state with the version read (compare-and-set), so a leader's ISR
 * change or another controller's write in between makes the transaction fail as a whole, to be decided again. Many
 * partitions share a transaction, split so that each fits one ZooKeeper request.
 */
final class PartitionStateStore {

    private static final int EPOCH_CHECK = 0;

    /** A state as read, with the znode version a write must name. */
    record Versioned(PartitionState state, int version) {
    }

    /** A state to write over the version it was decided on. */
    record Change(PartitionId id, int version, PartitionState next, boolean unclean) {
    }

    /** What became of a batch of changes: those written, those that met a newer version, and whether we were deposed. */
    record Outcome(List<Change> written, List<Change> raced, boolean deposed) {
    }

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;
    private final ControllerElection election;

    PartitionStateStore(CuratorFramework client, ZkWriter writer, MetadataJson json, ControllerElection election) {
        this.client = client;
        this.writer = writer;
        this.json = json;
        this.election = election;
    }

    /** @return empty if the partition (or its topic) no longer exists */
    Optional<Versioned> read(PartitionId id) throws Exception {
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(ZkPaths.partitionState(id.topic(), id.partition()));
            return Optional.of(new Versioned(json.partitionState(data), stat.getVersion()));
        } catch (KeeperException.NoNodeException gone) {
            return Optional.empty();
        }
    }

    Outcome write(List<Change> changes) throws Exception {
        List<Change> written = new ArrayList<>();
        List<Change> raced = new ArrayList<>();
        for (List<Change> batch : batches(changes)) {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(election.epochCheck());
            for (Change change : batch) {
                ops.add(setOp(change));
            }
            try {
                writer.commit("writing " + batch.size() + " partition states as the controller", ops);
                written.addAll(batch);
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                if (failedAt(e, EPOCH_CHECK)) {
                    return new Outcome(written, raced, true);
                }
                raced.addAll(batch);
            }
        }
        return new Outcome(written, raced, false);
    }

    private CuratorOp setOp(Change change) throws Exception {
        return client.transactionOp().setData().withVersion(change.version())
                .forPath(ZkPaths.partitionState(change.id().topic(), change.id().partition()),
                        json.partitionState(change.next()));
    }

    /** Consecutive runs of changes whose transaction, with the epoch check first, fits one request. */
    private List<List<Change>> batches(List<Change> changes) throws Exception {
        long budget = writer.limit().maxBytes();
        long base = ZkRequestLimit.requestBytes(List.of(election.epochCheck().get()));
        List<List<Change>> batches = new ArrayList<>();
        List<Change> current = new ArrayList<>();
        long size = base;
        for (Change change : changes) {
            long bytes = ZkRequestLimit.opBytes(setOp(change).get());
            if (!current.isEmpty() && size + bytes > budget) {
                batches.add(current);
                current = new ArrayList<>();
                size = base;
            }
            current.add(change);
            size += bytes;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static boolean failedAt(KeeperException e, int index) {
        List<OpResult> results = e.getResults();
        return results != null && results.size() > index
                && results.get(index) instanceof OpResult.ErrorResult error
                && error.getErr() == KeeperException.Code.BADVERSION.intValue();
    }
}

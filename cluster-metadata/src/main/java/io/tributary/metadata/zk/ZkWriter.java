package io.tributary.metadata.zk;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;

/**
 * The one way this module writes data to ZooKeeper: every create, every setData and every transaction is measured
 * against the {@link ZkRequestLimit} before it is sent. ZooKeeper answers an oversized request by dropping the
 * connection, which Curator sees as a connection loss and retries on the next connection: a single oversized topic
 * would cost every user of the session its connection again and again, and its caller would hang. Measured first, it
 * is refused with {@code WRITE_TOO_LARGE} naming its size, nothing is sent, and the session stays healthy.
 *
 * <p>Deletes and version checks carry no data and keep to paths this module bounds (topic names are at most 249
 * characters); they are measured only as part of a transaction.
 */
public final class ZkWriter {

    private final CuratorFramework client;
    private final ZkRequestLimit limit;

    public ZkWriter(CuratorFramework client) {
        this(client, ZkRequestLimit.ofClient());
    }

    public ZkWriter(CuratorFramework client, ZkRequestLimit limit) {
        this.client = client;
        this.limit = limit;
    }

    public ZkRequestLimit limit() {
        return limit;
    }

    /** Builds the steps of a transaction for {@link #commit}. */
    public TransactionOp op() {
        return client.transactionOp();
    }

    /** @param action what the transaction does, for a refusal: "creating topic orders" */
    public List<CuratorTransactionResult> commit(String action, List<CuratorOp> ops) throws Exception {
        limit.check(action, ops.stream().map(CuratorOp::get).toList());
        return client.transaction().forOperations(ops);
    }

    /** Refuses, as {@link #commit} would, a transaction of {@code ops} without sending it. */
    public void checkFits(String action, List<CuratorOp> ops) {
        limit.check(action, ops.stream().map(CuratorOp::get).toList());
    }

    public void create(String action, String path, byte[] data) throws Exception {
        check(action, Op.create(fixed(path), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        client.create().forPath(path, data);
    }

    /** Creates missing parents (empty, persistent) first, as Curator's {@code creatingParentsIfNeeded()}. */
    public void createWithParents(String action, String path, byte[] data, CreateMode mode) throws Exception {
        check(action, Op.create(fixed(path), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode));
        client.create().creatingParentsIfNeeded().withMode(mode).forPath(path, data);
    }

    public Stat setData(String action, String path, byte[] data, int version) throws Exception {
        check(action, Op.setData(fixed(path), data, version));
        return client.setData().withVersion(version).forPath(path, data);
    }

    private void check(String action, Op op) {
        limit.check(action, List.of(op));
    }

    private String fixed(String path) {
        return ZKPaths.fixForNamespace(client.getNamespace(), path);
    }
}

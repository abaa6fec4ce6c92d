package io.tributary.metadata.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.ZooKeeperTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.common.ZKConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes against a real ZooKeeper, whose server drops the connection of a client that sends more than it accepts. */
class ZkWriterTest extends ZooKeeperTestSupport {

    private final List<ConnectionState> connectionChanges = new CopyOnWriteArrayList<>();
    private CuratorFramework client;
    private long session;

    @BeforeEach
    void connectAndWatchTheConnection() throws Exception {
        client = client();
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanges.add(state));
        session = client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    @Test
    void aWriteLargerThanZooKeeperAcceptsIsRefusedUnsentAndTheSessionStaysHealthy() throws Exception {
        ZkWriter writer = new ZkWriter(client);
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];

        assertThatThrownBy(() -> writer.create("writing a huge value", "/huge", twoMegabytes))
                .isInstanceOfSatisfying(MetadataException.class, e -> assertThat(e.reason())
                        .isEqualTo(MetadataException.Reason.WRITE_TOO_LARGE))
                .hasMessageStartingWith("Writing a huge value would send ZooKeeper a request of ")
                .hasMessageContaining("it accepts at most " + writer.limit().maxBytes())
                .hasMessageContaining("jute.maxbuffer");
        writer.create("writing a small value", "/small", new byte[] {1});
        assertThatThrownBy(() -> writer.setData("growing a value", "/small", twoMegabytes, 0))
                .isInstanceOf(MetadataException.class);

        assertThat(client.checkExists().forPath("/huge")).isNull();
        assertThat(client.getData().forPath("/small")).containsExactly(1);
        assertThat(client.getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
        assertThat(connectionChanges).as("the connection was never dropped").isEmpty();
    }

    @Test
    void theLargestWriteTheLimitAdmitsIsAcceptedByZooKeeper() throws Exception {
        ZkWriter writer = new ZkWriter(client);
        int overhead = (int) ZkRequestLimit.requestBytes(List.of(writer.op().create().forPath("/x", new byte[0]).get()));
        byte[] largest = new byte[writer.limit().maxBytes() - overhead];

        writer.create("writing the largest value", "/x", largest);

        assertThat(client.getData().forPath("/x")).hasSize(largest.length);
        assertThatThrownBy(() -> writer.create("writing one byte more", "/y", new byte[largest.length + 1]))
                .isInstanceOf(MetadataException.class);
        assertThat(connectionChanges).isEmpty();
    }

    @Test
    void aTransactionIsMeasuredAsAWholeAndNoneOfItIsApplied() throws Exception {
        ZkWriter writer = new ZkWriter(client, new ZkRequestLimit(4096));
        List<CuratorOp> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ops.add(writer.op().create().forPath("/node-" + i, new byte[40]));
        }

        assertThatThrownBy(() -> writer.commit("creating 100 nodes", ops))
                .isInstanceOfSatisfying(MetadataException.class, e -> assertThat(e.reason())
                        .isEqualTo(MetadataException.Reason.WRITE_TOO_LARGE));
        writer.commit("creating 10 nodes", ops.subList(0, 10));

        assertThat(client.getChildren().forPath("/")).hasSize(10);
    }

    @Test
    void theLimitFollowsJuteMaxBufferAsZooKeepersClientReadsIt() {
        String previous = System.getProperty(ZKConfig.JUTE_MAXBUFFER);
        System.setProperty(ZKConfig.JUTE_MAXBUFFER, "4194304");
        try {
            assertThat(ZkRequestLimit.ofClient().maxBytes()).isEqualTo(4_194_304 - 4_194_304 / 16);
        } finally {
            if (previous == null) {
                System.clearProperty(ZKConfig.JUTE_MAXBUFFER);
            } else {
                System.setProperty(ZKConfig.JUTE_MAXBUFFER, previous);
            }
        }
        assertThat(ZkRequestLimit.ofClient().maxBytes()).isEqualTo(1_048_575 - 1_048_575 / 16);
    }

    @Test
    void createWithParentsMeasuresTheNodeBeforeCreatingItsParents() throws Exception {
        ZkWriter writer = new ZkWriter(client, new ZkRequestLimit(1024));

        assertThatThrownBy(() -> writer.createWithParents("registering", "/a/b/c", new byte[2048], CreateMode.EPHEMERAL))
                .isInstanceOf(MetadataException.class);

        assertThat(client.checkExists().forPath("/a")).isNull();
    }
}

package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkRequestLimit;
import io.tributary.metadata.zk.ZkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/**
 * The controller's writes: fenced by the controller epoch (a controller that a newer one has replaced, but that has
 * not noticed yet, can write nothing), compare-and-set on each state, split into requests ZooKeeper accepts.
 */
class PartitionStateStoreTest extends ControllerTestSupport {

    @Test
    void aDeposedControllersWriteIsRefusedByTheEpochCheckAndChangesNothing() throws Exception {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        createTopic(controller, "t", Map.of(0, List.of(1)));
        CuratorFramework client = controller.client();
        PartitionStateStore store = new PartitionStateStore(client, new ZkWriter(client), new MetadataJson(),
                controller.election());
        PartitionStateStore.Versioned before = store.read(new PartitionId("t", 0)).orElseThrow();
        // what a newer controller does first: bump the epoch, while this one still believes it holds its own
        byte[] epoch = client.getData().forPath(ZkPaths.CONTROLLER_EPOCH);
        client.setData().forPath(ZkPaths.CONTROLLER_EPOCH, new MetadataJson().controllerEpoch(
                new MetadataJson().controllerEpoch(epoch) + 1));

        PartitionStateStore.Outcome outcome = store.write(List.of(new PartitionStateStore.Change(new PartitionId("t", 0),
                before.version(), new PartitionState(-1, 5, List.of(1), 1), false)));

        assertThat(outcome.deposed()).isTrue();
        assertThat(outcome.written()).isEmpty();
        assertThat(store.read(new PartitionId("t", 0)).orElseThrow()).isEqualTo(before);
    }

    @Test
    void aWriteOverAStateThatChangedMeanwhileIsReportedAsRacedNotWritten() throws Exception {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        createTopic(controller, "t", Map.of(0, List.of(1), 1, List.of(1)));
        CuratorFramework client = controller.client();
        PartitionStateStore store = new PartitionStateStore(client, new ZkWriter(client), new MetadataJson(),
                controller.election());
        PartitionStateStore.Versioned t0 = store.read(new PartitionId("t", 0)).orElseThrow();
        PartitionStateStore.Versioned t1 = store.read(new PartitionId("t", 1)).orElseThrow();
        setIsr(controller, "t", 1, List.of(1));

        PartitionStateStore.Outcome outcome = store.write(List.of(
                new PartitionStateStore.Change(new PartitionId("t", 0), t0.version(), new PartitionState(1, 1, List.of(1), 1), false),
                new PartitionStateStore.Change(new PartitionId("t", 1), t1.version(), new PartitionState(1, 1, List.of(1), 1), false)));

        assertThat(outcome.deposed()).isFalse();
        assertThat(outcome.raced()).hasSize(2);
        assertThat(store.read(new PartitionId("t", 0)).orElseThrow()).isEqualTo(t0);
    }

    @Test
    void manyChangesAreSplitIntoTransactionsThatFitTheRequestLimit() throws Exception {
        Node controller = node(1);
        awaitTrue(controller.election()::isController);
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < 60; p++) {
            assignment.put(p, List.of(1));
        }
        createTopic(controller, "many", assignment);
        CuratorFramework client = controller.client();
        ZkRequestLimit small = new ZkRequestLimit(2_000);
        PartitionStateStore store = new PartitionStateStore(client, new ZkWriter(client, small), new MetadataJson(),
                controller.election());
        List<PartitionStateStore.Change> changes = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            PartitionId id = new PartitionId("many", p);
            changes.add(new PartitionStateStore.Change(id, store.read(id).orElseThrow().version(),
                    new PartitionState(1, 1, List.of(1), controller.election().epoch()), false));
        }

        PartitionStateStore.Outcome outcome = store.write(changes);

        assertThat(outcome.written()).hasSize(60);
        for (int p = 0; p < 60; p++) {
            assertThat(store.read(new PartitionId("many", p)).orElseThrow().state().leaderEpoch()).isEqualTo(1);
        }
    }
}

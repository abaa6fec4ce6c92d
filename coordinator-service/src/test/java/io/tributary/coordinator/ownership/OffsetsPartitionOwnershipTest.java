package io.tributary.coordinator.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.PartitionLoadListener;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.ZooKeeperConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real ZooKeeper (TestingServer); the replay is a function of the partition, the brokers are not needed here. */
class OffsetsPartitionOwnershipTest {

    private static final int PARTITIONS = 50;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Set<Integer> ALL = IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toSet());

    private TestingServer server;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        // short ticks, so that the server can expire a 3 s session
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
    }

    @AfterEach
    void stopAll() throws Exception {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (RuntimeException e) {
                // a client closed by the test already
            }
        }
        server.close();
    }

    /** One coordinator process: its own session, metadata, registration and ownership. */
    private final class Coordinator {
        final CuratorFramework client;
        final ClusterMetadata metadata;
        final RecordingListener listener = new RecordingListener();
        final OffsetsPartitionOwnership ownership;

        Coordinator(int id, PartitionReplay replay) {
            client = ZooKeeperConnection.connect(server.getConnectString() + "/ownership", SESSION_TIMEOUT,
                    Duration.ofSeconds(2));
            opened.push(client);
            metadata = new ClusterMetadata(client);
            opened.push(metadata);
            metadata.start();
            metadata.registerCoordinator(new CoordinatorRegistration(id, "c" + id, 9093));
            ownership = new OffsetsPartitionOwnership(metadata, client, id, PARTITIONS, replay, listener);
            opened.push(ownership);
            ownership.start();
        }

        Coordinator(int id) {
            this(id, OffsetsPartitionOwnershipTest::replayOf);
        }
    }

    private static List<CoordinatorRecord> replayOf(int partition) {
        return List.of(new OffsetCommit("group-" + partition, "t", 0, partition, -1, "", 0L));
    }

    @Test
    void theTargetIsPartitionModuloTheSortedLiveIds() {
        assertThat(OffsetsPartitionOwnership.targetPartitions(List.of(1001, 1000), 1000, 6)).containsExactly(0, 2, 4);
        assertThat(OffsetsPartitionOwnership.targetPartitions(List.of(1001, 1000), 1001, 6)).containsExactly(1, 3, 5);
        assertThat(OffsetsPartitionOwnership.targetPartitions(List.of(7, 3, 5), 7, 7)).containsExactly(2, 5);
        assertThat(OffsetsPartitionOwnership.targetPartitions(List.of(1000), 1002, 6)).isEmpty();
        assertThat(OffsetsPartitionOwnership.targetPartitions(List.of(), 1000, 6)).isEmpty();
    }

    @Test
    void twoCoordinatorsShareThePartitionsAndTheSurvivorTakesAllOver() throws Exception {
        Coordinator first = new Coordinator(1000);
        await().atMost(DEADLINE).until(() -> first.ownership.loadedPartitions().equals(ALL));
        assertThat(first.listener.replayed.get(7)).isEqualTo(replayOf(7));

        Coordinator second = new Coordinator(1001);

        Set<Integer> evens = ALL.stream().filter(p -> p % 2 == 0).collect(Collectors.toSet());
        Set<Integer> odds = ALL.stream().filter(p -> p % 2 == 1).collect(Collectors.toSet());
        await().atMost(DEADLINE).until(() -> first.ownership.loadedPartitions().equals(evens)
                && second.ownership.loadedPartitions().equals(odds));
        Map<Integer, Integer> owners = first.metadata.offsetsPartitionOwners();
        assertThat(owners).hasSize(PARTITIONS);
        owners.forEach((p, owner) -> assertThat(owner).isEqualTo(p % 2 == 0 ? 1000 : 1001));
        for (int p : odds) {
            assertThat(first.listener.eventsOf(p)).containsExactly("loading", "loaded", "unloaded");
            assertThat(second.listener.eventsOf(p)).containsExactly("loading", "loaded");
        }

        second.client.close(); // the process dies: its session ends, its ephemeral nodes go

        await().atMost(SESSION_TIMEOUT.plus(Duration.ofSeconds(10)))
                .until(() -> first.ownership.loadedPartitions().equals(ALL));
        for (int p : odds) {
            assertThat(first.listener.eventsOf(p))
                    .containsExactly("loading", "loaded", "unloaded", "loading", "loaded");
        }
        assertThat(first.metadata.offsetsPartitionOwners()).hasSize(PARTITIONS).allSatisfy((p, o) -> assertThat(o)
                .isEqualTo(1000));
    }

    @Test
    void aLostConnectionUnloadsEverythingAndTheReconnectionLoadsAgain() throws Exception {
        Coordinator coordinator = new Coordinator(1000);
        await().atMost(DEADLINE).until(() -> coordinator.ownership.loadedPartitions().equals(ALL));

        server.stop();

        await().atMost(DEADLINE).until(() -> coordinator.listener.loaded.isEmpty()
                && coordinator.ownership.ownedPartitions().isEmpty());
        assertThat(coordinator.listener.eventsOf(0)).containsExactly("loading", "loaded", "unloaded");

        server.restart();

        await().atMost(DEADLINE).until(() -> coordinator.ownership.loadedPartitions().equals(ALL)
                && coordinator.listener.loaded.equals(ALL));
        assertThat(coordinator.listener.eventsOf(0))
                .containsExactly("loading", "loaded", "unloaded", "loading", "loaded");
    }

    @Test
    void aFailedReplayIsRetriedWhileThePartitionIsStillOwned() {
        AtomicInteger failures = new AtomicInteger();
        Coordinator coordinator = new Coordinator(1000, p -> {
            if (p == 3 && failures.getAndIncrement() < 2) {
                throw new IllegalStateException("brokers unreachable");
            }
            return replayOf(p);
        });

        await().atMost(DEADLINE).until(() -> coordinator.ownership.loadedPartitions().equals(ALL));
        assertThat(failures.get()).isEqualTo(3);
        assertThat(coordinator.listener.eventsOf(3)).containsExactly("loading", "loaded");
    }

    @Test
    void closingUnloadsAndReleasesEverything() throws Exception {
        Coordinator first = new Coordinator(1000);
        Coordinator second = new Coordinator(1001);
        await().atMost(DEADLINE).until(() -> first.ownership.loadedPartitions().size() == PARTITIONS / 2
                && second.ownership.loadedPartitions().size() == PARTITIONS / 2);

        first.ownership.close();

        assertThat(first.ownership.state()).isEqualTo(OffsetsPartitionOwnership.State.CLOSED);
        assertThat(first.listener.loaded).isEmpty();
        assertThat(first.metadata.offsetsPartitionOwners()).doesNotContainValue(1000);
        // still registered, so its partitions stay its target: nobody else may take them while it is alive
        assertThat(second.ownership.loadedPartitions()).hasSize(PARTITIONS / 2);
    }

    /** Records every callback per partition, and which partitions are loaded now. */
    static final class RecordingListener implements PartitionLoadListener {
        final Map<Integer, List<String>> events = new ConcurrentHashMap<>();
        final Map<Integer, List<CoordinatorRecord>> replayed = new ConcurrentHashMap<>();
        final Set<Integer> loaded = ConcurrentHashMap.newKeySet();

        @Override
        public void loading(int partition) {
            event(partition, "loading");
        }

        @Override
        public void loaded(int partition, List<CoordinatorRecord> records) {
            replayed.put(partition, records);
            loaded.add(partition);
            event(partition, "loaded");
        }

        @Override
        public void unloaded(int partition) {
            loaded.remove(partition);
            event(partition, "unloaded");
        }

        private void event(int partition, String event) {
            events.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>()).add(event);
        }

        List<String> eventsOf(int partition) {
            return List.copyOf(events.getOrDefault(partition, List.of()));
        }
    }
}

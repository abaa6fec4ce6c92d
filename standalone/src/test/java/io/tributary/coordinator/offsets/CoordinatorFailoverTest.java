package io.tributary.coordinator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.PartitionLoadListener;
import io.tributary.coordinator.ownership.OffsetsPartitionOwnership;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.ZooKeeperConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership and the offsets log together, against a real broker: a commit written by one coordinator is replayed by
 * the coordinator that takes its partition over when the first one dies.
 */
class CoordinatorFailoverTest {

    private static final OffsetsTopicSettings SETTINGS = OffsetsTopicSettings.KAFKA.withReplicationFactor((short) 1);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path logDir;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (RuntimeException e) {
                // a client the test closed already
            }
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    private final class Coordinator {
        final CuratorFramework client;
        final ConsumerOffsetsLog offsetsLog;
        volatile OffsetsPartitionOwnership ownership;
        final Map<Integer, List<CoordinatorRecord>> loaded = new ConcurrentHashMap<>();

        Coordinator(RunningBroker broker, int id) {
            client = open(ZooKeeperConnection.connect(broker.zookeeperConnect() + RunningBroker.CHROOT,
                    Duration.ofSeconds(6), Duration.ofSeconds(5)));
            ClusterMetadata metadata = open(new ClusterMetadata(client));
            metadata.start();
            metadata.registerCoordinator(new CoordinatorRegistration(id, "127.0.0.1", 9093));
            offsetsLog = open(new ConsumerOffsetsLog(metadata, SETTINGS,
                    p -> ownership == null ? OptionalLong.empty() : ownership.epoch(p)));
            ownership = open(new OffsetsPartitionOwnership(metadata, client, id, SETTINGS.partitions(),
                    offsetsLog::replay, new PartitionLoadListener() {
                        @Override
                        public void loading(int partition) {
                        }

                        @Override
                        public void loaded(int partition, List<CoordinatorRecord> replayed) {
                            loaded.put(partition, replayed);
                        }

                        @Override
                        public void unloaded(int partition) {
                            loaded.remove(partition);
                        }
                    }));
            ownership.start();
        }
    }

    @Test
    void theSurvivorReplaysWhatTheDeadCoordinatorCommitted() throws Exception {
        RunningBroker broker = open(new RunningBroker(logDir));
        Coordinator first = new Coordinator(broker, 1000);
        Coordinator second = new Coordinator(broker, 1001);
        await().atMost(DEADLINE).until(() -> first.loaded.size() == 25 && second.loaded.size() == 25);

        String group = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "payments-" + i)
                .filter(g -> second.offsetsLog.partitionFor(g) % 2 == 1).findFirst().orElseThrow();
        int partition = second.offsetsLog.partitionFor(group);
        assertThat(second.ownership.loadedPartitions()).contains(partition);
        OffsetCommit commit = new OffsetCommit(group, "orders", 0, 1234L, 2, "meta", 99L);
        second.offsetsLog.append(partition, List.of(commit)).get(30, TimeUnit.SECONDS);

        second.client.close();

        await().atMost(DEADLINE).until(() -> first.loaded.size() == 50);
        assertThat(first.loaded.get(partition)).containsExactly(commit);
    }
}

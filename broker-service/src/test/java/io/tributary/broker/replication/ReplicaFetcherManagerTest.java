package io.tributary.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * The fetcher manager as the partition manager drives it: which partitions it fetches, the epoch a new leader marks,
 * and when the broker counts as caught up. The leader here is never reachable (it is not registered), so nothing is
 * fetched; fetching itself is ReplicationIT's subject.
 */
class ReplicaFetcherManagerTest {

    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    private static final Uuid TOPIC_ID = Uuid.randomUuid();
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path tempDir;
    private LogManager logs;
    private PartitionManager partitions;
    private ReplicaFetcherManager fetchers;

    @BeforeEach
    void start() {
        logs = new LogManager(List.of(tempDir), LogConfig.defaults(), Clock.systemUTC());
        logs.startup();
        partitions = new PartitionManager(LOCAL, logs, TopicConfigSchema.KAFKA);
        ReplicaFetcherConfig config = new ReplicaFetcherConfig(1 << 20, 10 << 20, Duration.ofMillis(100), 1,
                Duration.ofMillis(50), Duration.ofSeconds(5));
        fetchers = new ReplicaFetcherManager(LOCAL, 1L, config, id -> Optional.empty(), Clock.systemUTC());
        partitions.addLeadershipListener(fetchers);
    }

    @AfterEach
    void stop() {
        fetchers.close();
        logs.shutdown();
    }

    private void led(int leader, int epoch) {
        partitions.onTopicChanged(new TopicMetadata("t", new TopicAssignment(TOPIC_ID.toString(),
                Map.of(0, List.of(LOCAL, REMOTE)), Map.of()),
                Map.of(0, new PartitionState(leader, epoch, List.of(LOCAL, REMOTE), 1))));
    }

    @Test
    void aFollowerThatHasNotReachedItsLeaderKeepsTheBrokerFromBeingCaughtUp() {
        led(REMOTE, 0);

        assertThat(fetchers.isCaughtUp()).isFalse();
        assertThat(fetchers.catchingUp()).containsExactly(TP);
    }

    @Test
    void becomingLeaderStopsFetchingAndMarksWhereTheNewEpochStarts() {
        led(REMOTE, 0);
        led(LOCAL, 3);

        assertThat(fetchers.catchingUp()).isEmpty();
        assertThat(fetchers.isCaughtUp()).isTrue();
        assertThat(partitions.partition("t", 0).orElseThrow().log().latestEpoch()).hasValue(3);
        assertThat(partitions.partition("t", 0).orElseThrow().log().endOffsetForEpoch(3).endOffset()).isZero();
    }

    @Test
    void aPartitionWithoutLeaderIsNotWaitedFor() {
        led(-1, 4);

        assertThat(fetchers.catchingUp()).isEmpty();
        assertThat(fetchers.isCaughtUp()).isTrue();
    }

    @Test
    void onceCaughtUpTheBrokerStaysSo() {
        assertThat(fetchers.isCaughtUp()).isTrue();

        led(REMOTE, 0);

        assertThat(fetchers.isCaughtUp()).isTrue();
        assertThat(fetchers.catchingUp()).isEmpty();
    }
}

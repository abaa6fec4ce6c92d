package io.tributary.broker.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.MutableClock;
import io.tributary.broker.partition.LeadershipListener;
import io.tributary.broker.partition.Partition;
import io.tributary.broker.partition.PartitionManager;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;

/**
 * The leader's rules for the high watermark and the ISR (Kafka 4.x's {@code Partition}), on a real log: broker 1
 * leads a partition replicated to brokers 1, 2 and 3, and the followers' fetches are recorded as a fetch from them
 * would record them.
 */
class LeaderTermTest {

    private static final int LEADER = 1;
    private static final long LAG_MS = 10_000;
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final Map<Integer, Long> liveBrokers = new HashMap<>(Map.of(1, 100L, 2, 200L, 3, 300L));
    private final List<Integer> expandCandidates = new ArrayList<>();
    private LogManager logs;
    private PartitionManager partitions;
    private Map<String, String> configs = Map.of();
    /** The term the listener began last, as LeaderReplication would. */
    private LeaderTerm term;

    @BeforeEach
    void start() {
        logs = new LogManager(List.of(dataDir), LogConfig.defaults(), clock);
        logs.startup();
        partitions = new PartitionManager(LEADER, logs, TopicConfigSchema.KAFKA);
    }

    @AfterEach
    void shutdown() {
        logs.shutdown();
    }

    @Test
    void theHighWatermarkIsTheLowestLogEndOfTheIsrAndNeverMovesBack() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1, 2, 3), Map.of());
        append(partition, 10);
        assertThat(partition.log().highWatermark()).as("no follower has fetched yet").isZero();

        fetch(partition, 2, 10);
        assertThat(partition.log().highWatermark()).as("follower 3 has not fetched").isZero();
        fetch(partition, 3, 4);
        assertThat(partition.log().highWatermark()).isEqualTo(4);
        fetch(partition, 3, 10);
        assertThat(partition.log().highWatermark()).isEqualTo(10);

        append(partition, 5);
        assertThat(partition.log().highWatermark()).as("the followers do not have the new records").isEqualTo(10);
        // a follower that truncated and fetches from below the high watermark does not pull it back
        fetch(partition, 2, 7);
        assertThat(partition.log().highWatermark()).isEqualTo(10);
        assertThat(term.maxLag()).isEqualTo(8);
    }

    @Test
    void theHighWatermarkStaysWhileTheIsrIsBelowMinInsyncReplicasAsInKafka4() {
        Partition partition = leading(List.of(1, 2), List.of(1, 2), Map.of("min.insync.replicas", "2"));
        fetch(partition, 2, 0);
        append(partition, 3);
        fetch(partition, 2, 3);
        assertThat(partition.log().highWatermark()).isEqualTo(3);

        update(partition, List.of(1));
        append(partition, 3);
        assertThat(partition.isUnderMinIsr()).isTrue();
        assertThat(partition.log().highWatermark()).as("acks=1 records wait for a second in-sync replica").isEqualTo(3);

        update(partition, List.of(1, 2));
        fetch(partition, 2, 6);
        assertThat(partition.log().highWatermark()).isEqualTo(6);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorCountsAsTheReplicationFactor() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1, 2, 3), Map.of("min.insync.replicas", "5"));
        assertThat(partition.effectiveMinIsr()).isEqualTo(3);
        assertThat(partition.isUnderMinIsr()).isFalse();
        update(partition, List.of(1, 2));
        assertThat(partition.isUnderMinIsr()).isTrue();
        assertThat(partition.isUnderReplicated()).isTrue();
    }

    @Test
    void aCaughtUpFollowerOutsideTheIsrHoldsTheHighWatermarkSoThatItCanJoin() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1), Map.of());
        append(partition, 5);
        assertThat(partition.log().highWatermark()).isEqualTo(5);
        fetch(partition, 2, 5);
        append(partition, 5);
        assertThat(partition.log().highWatermark()).as("follower 2 is caught up and may join").isEqualTo(5);
        fetch(partition, 2, 10);
        assertThat(partition.log().highWatermark()).isEqualTo(10);

        clock.advance(LAG_MS + 1);
        append(partition, 5);
        assertThat(partition.log().highWatermark()).as("follower 2 stopped fetching longer ago than the lag time")
                .isEqualTo(15);
    }

    @Test
    void aFollowerThatHasNotFetchedInThisTermDoesNotHoldTheHighWatermarkOutsideTheIsr() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1, 2, 3), Map.of());
        update(partition, List.of(1));
        append(partition, 5);
        assertThat(partition.log().highWatermark())
                .as("2 and 3 were in the ISR when the term began, but Kafka knows no broker epoch of theirs yet")
                .isEqualTo(5);
    }

    @Test
    void aFollowerMayJoinTheIsrAtTheHighWatermarkAndTheTermsStartWithItsLiveBrokerEpoch() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1, 2), Map.of());
        fetch(partition, 2, 0);
        append(partition, 4);
        fetch(partition, 2, 4);
        assertThat(partition.log().highWatermark()).isEqualTo(4);
        // a new leader epoch begins at offset 4
        Partition led = reLead(partition, 2, List.of(1, 2));
        assertThat(led).isSameAs(partition);
        assertThat(term.epochStartOffset()).isEqualTo(4);

        led.recordFollowerFetch(3, 2, 0, 300L, led.log().logEndOffset());
        assertThat(term.mayJoinIsr(3)).as("below the high watermark and the epoch start").isFalse();
        led.recordFollowerFetch(3, 4, 0, 299L, led.log().logEndOffset());
        assertThat(term.mayJoinIsr(3)).as("the fetch came from an earlier incarnation of broker 3").isFalse();
        led.recordFollowerFetch(3, 4, 0, -1L, led.log().logEndOffset());
        assertThat(term.mayJoinIsr(3)).as("no broker epoch in the fetch (before v15): Kafka allows it").isTrue();
        led.recordFollowerFetch(3, 4, 0, 300L, led.log().logEndOffset());
        assertThat(term.mayJoinIsr(3)).isTrue();
        assertThat(expandCandidates).contains(3);
        liveBrokers.remove(3);
        assertThat(term.mayJoinIsr(3)).as("broker 3 is not registered").isFalse();
        assertThat(term.mayJoinIsr(2)).as("already in the ISR").isFalse();
    }

    @Test
    void followersNotCaughtUpForLongerThanTheLagTimeAreOutOfSync() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1, 2, 3), Map.of());
        assertThat(term.outOfSyncFollowers()).as("ISR members get the lag time from the start of the term").isEmpty();
        append(partition, 10);
        fetch(partition, 2, 0);
        fetch(partition, 3, 0);
        clock.advance(LAG_MS / 2);
        fetch(partition, 2, 10);
        clock.advance(LAG_MS / 2 + 1);
        assertThat(term.outOfSyncFollowers()).as("2 is at the log end; 3 never had the records").containsExactly(3);

        // a follower that keeps fetching what the leader had at its previous fetch stays caught up
        for (int i = 0; i < 5; i++) {
            long previousEnd = partition.log().logEndOffset();
            append(partition, 1);
            clock.advance(LAG_MS / 2);
            fetch(partition, 2, previousEnd);
        }
        assertThat(term.outOfSyncFollowers()).containsExactly(3);
    }

    @Test
    void anIsrChangeInFlightCountsTheJoiningFollowerForTheHighWatermark() {
        Partition partition = leading(List.of(1, 2, 3), List.of(1), Map.of());
        append(partition, 4);
        PartitionState before = partition.state();
        PartitionState next = new PartitionState(LEADER, before.leaderEpoch(), List.of(1, 2), before.controllerEpoch());
        assertThat(term.beginIsrChange(before, next)).isTrue();
        assertThat(term.beginIsrChange(before, next)).as("one change at a time").isFalse();
        assertThat(term.maximalIsrSize()).isEqualTo(2);
        append(partition, 4);
        assertThat(partition.log().highWatermark()).as("follower 2 has not fetched: the HW waits").isEqualTo(4);

        term.abandonIsrChange(next);
        assertThat(term.changeInFlight()).isFalse();
        assertThat(term.maximalIsrSize()).isEqualTo(1);

        assertThat(term.beginIsrChange(before, next)).isTrue();
        update(partition, List.of(1, 2));
        assertThat(term.changeInFlight()).as("the state moved on: the change is done").isFalse();
    }

    @Test
    void anAcksAllAppendIsDoneWhenTheHighWatermarkPassesIt() {
        Partition partition = leading(List.of(1, 2), List.of(1, 2), Map.of("min.insync.replicas", "2"));
        fetch(partition, 2, 0);
        append(partition, 3);
        assertThat(partition.acksAllOutcome(3)).isEmpty();
        fetch(partition, 2, 3);
        assertThat(partition.acksAllOutcome(3)).contains(Errors.NONE);

        // the ISR shrank after the high watermark had passed the records: Kafka's NOT_ENOUGH_REPLICAS_AFTER_APPEND
        update(partition, List.of(1));
        assertThat(partition.acksAllOutcome(3)).contains(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);

        PartitionState s = partition.state();
        partitions.onTopicChanged(topic(partition.replicas(), new PartitionState(2, s.leaderEpoch() + 1, List.of(2),
                s.controllerEpoch()), Map.of("min.insync.replicas", "2")));
        assertThat(partition.acksAllOutcome(3)).contains(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void followerStateRecordsWhenTheFollowerWasLastCaughtUp() {
        FollowerState start = FollowerState.atLeaderStart(true, 1_000);
        assertThat(start.hasFetched()).isFalse();
        FollowerState atEnd = start.afterFetch(10, 0, 2_000, 10, 5);
        assertThat(atEnd.lastCaughtUpTimeMs()).isEqualTo(2_000);
        FollowerState behindButHadPrevious = atEnd.afterFetch(10, 0, 3_000, 12, 5);
        assertThat(behindButHadPrevious.lastCaughtUpTimeMs()).as("it had what the leader had at 2,000").isEqualTo(2_000);
        FollowerState stillBehind = behindButHadPrevious.afterFetch(11, 0, 4_000, 14, 5);
        assertThat(stillBehind.lastCaughtUpTimeMs()).as("11 < 12, what the leader had at 3,000").isEqualTo(2_000);
        assertThat(stillBehind.isCaughtUp(14, 2_000 + LAG_MS, LAG_MS)).isTrue();
        assertThat(stillBehind.isCaughtUp(14, 2_001 + LAG_MS, LAG_MS)).isFalse();
        assertThat(stillBehind.isCaughtUp(11, 2_001 + LAG_MS, LAG_MS)).as("at the leader's log end").isTrue();
    }

    private Partition leading(List<Integer> replicas, List<Integer> isr, Map<String, String> configs) {
        partitions.addLeadershipListener(new LeadershipListener() {
            @Override
            public void becameLeader(Partition partition, PartitionState state) {
                term = new LeaderTerm(partition, state, LEADER, clock, LAG_MS,
                        id -> liveBrokers.containsKey(id) ? OptionalLong.of(liveBrokers.get(id)) : OptionalLong.empty(),
                        expandCandidates::add);
                partition.installFollowerProgress(term);
            }

            @Override
            public void becameFollower(Partition partition, PartitionState state) {
                term = null;
            }
        });
        this.configs = configs;
        partitions.onTopicChanged(topic(replicas, new PartitionState(LEADER, 0, isr, 1), configs));
        return partitions.partition("t", 0).orElseThrow();
    }

    private Partition reLead(Partition partition, int epoch, List<Integer> isr) {
        partitions.onTopicChanged(topic(partition.replicas(), new PartitionState(LEADER, epoch, isr, 1), configs));
        return partitions.partition("t", 0).orElseThrow();
    }

    private void update(Partition partition, List<Integer> isr) {
        PartitionState s = partition.state();
        partitions.onTopicChanged(topic(partition.replicas(), new PartitionState(LEADER, s.leaderEpoch(), isr,
                s.controllerEpoch()), configs));
    }

    private static TopicMetadata topic(List<Integer> replicas, PartitionState state, Map<String, String> configs) {
        return new TopicMetadata("t", new TopicAssignment(TOPIC_ID.toString(), Map.of(0, replicas), configs),
                Map.of(0, state));
    }

    private static void fetch(Partition partition, int replica, long offset) {
        assertThat(partition.recordFollowerFetch(replica, offset, 0, -1L, partition.log().logEndOffset())).isTrue();
    }

    private static void append(Partition partition, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        partition.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, records), (short) 1);
    }
}

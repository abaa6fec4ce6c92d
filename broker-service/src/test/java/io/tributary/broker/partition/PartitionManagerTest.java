package io.tributary.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.node.topic.TopicConfigSchema;

/** The partitions follow the topics they are told about, by id as well as by name. */
class PartitionManagerTest {

    private static final int BROKER = 1;

    @TempDir
    Path tempDir;

    private LogManager logs;

    @AfterEach
    void shutdown() {
        logs.shutdown();
    }

    private PartitionManager partitions() {
        logs = new LogManager(List.of(tempDir), LogConfig.defaults(), Clock.systemUTC());
        logs.startup();
        return new PartitionManager(BROKER, logs, TopicConfigSchema.KAFKA);
    }

    private static TopicMetadata topic(String name, Uuid id) {
        return new TopicMetadata(name, new TopicAssignment(id.toString(), Map.of(0, List.of(BROKER)), Map.of()),
                Map.of(0, new PartitionState(BROKER, 0, List.of(BROKER), 1)));
    }

    @Test
    void aTopicRecreatedUnderItsNameWithoutTheDeletionSeenGetsAnEmptyLog() {
        PartitionManager partitions = partitions();
        Uuid oldId = Uuid.randomUuid();
        partitions.onTopicChanged(topic("t", oldId));
        Partition old = partitions.partition("t", 0).orElseThrow();
        old.appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("old".getBytes(StandardCharsets.UTF_8))), (short) 1);
        assertThat(old.log().highWatermark()).isOne();

        Uuid newId = Uuid.randomUuid();
        partitions.onTopicChanged(topic("t", newId));

        Partition current = partitions.partition("t", 0).orElseThrow();
        assertThat(current).isNotSameAs(old);
        assertThat(current.topicId()).isEqualTo(newId);
        assertThat(current.log().logEndOffset()).as("none of the old topic's records").isZero();
        assertThat(partitions.topicName(oldId)).isEmpty();
        assertThat(partitions.topicName(newId)).contains("t");
    }

    @Test
    void theSameTopicSeenAgainKeepsItsLog() {
        PartitionManager partitions = partitions();
        Uuid id = Uuid.randomUuid();
        partitions.onTopicChanged(topic("t", id));
        Partition first = partitions.partition("t", 0).orElseThrow();
        first.appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("kept".getBytes(StandardCharsets.UTF_8))), (short) 1);

        partitions.onTopicChanged(topic("t", id));

        assertThat(partitions.partition("t", 0)).containsSame(first);
        assertThat(first.log().logEndOffset()).isOne();
    }

    @Test
    void listenersHearEachLeadershipChangeOnceAndTheRemoval() {
        PartitionManager partitions = partitions();
        List<String> heard = new ArrayList<>();
        partitions.addLeadershipListener(new LeadershipListener() {
            @Override
            public void becameLeader(Partition partition, PartitionState state) {
                heard.add("leader@" + state.leaderEpoch());
            }

            @Override
            public void becameFollower(Partition partition, PartitionState state) {
                heard.add("follower of " + state.leader() + "@" + state.leaderEpoch());
            }

            @Override
            public void removed(Partition partition) {
                heard.add("removed");
            }
        });
        Uuid id = Uuid.randomUuid();
        TopicAssignment assignment = new TopicAssignment(id.toString(), Map.of(0, List.of(BROKER, 2)), Map.of());
        partitions.onTopicChanged(new TopicMetadata("t", assignment,
                Map.of(0, new PartitionState(BROKER, 0, List.of(BROKER, 2), 1))));
        partitions.onTopicChanged(new TopicMetadata("t", assignment,
                Map.of(0, new PartitionState(BROKER, 0, List.of(BROKER), 1))));
        partitions.onTopicChanged(new TopicMetadata("t", assignment,
                Map.of(0, new PartitionState(2, 1, List.of(2), 1))));
        partitions.onTopicDeleted("t");

        assertThat(heard).as("an ISR change alone is not a leadership change")
                .containsExactly("leader@0", "follower of 2@1", "removed");
    }
}

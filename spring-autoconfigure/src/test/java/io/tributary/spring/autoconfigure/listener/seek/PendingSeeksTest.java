package io.tributary.spring.autoconfigure.listener.seek;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingSeeksTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final PendingSeeks seeks = new PendingSeeks();

    @Test
    void theConsumerAssignedThePartitionSeeksAndCommitsItBeforeItsNextPoll() {
        MockConsumer<String, String> consumer = consumerOf(P0);
        String group = consumer.groupMetadata().groupId();

        PendingSeeks.Request request = seeks.submit(group, P0, 3);
        assertThat(request.done()).isNotDone();
        seeks.setupThreadState(consumer);

        assertThat(request.done()).isCompletedWithValue(true);
        assertThat(consumer.position(P0)).isEqualTo(3);
        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(3));
    }

    @Test
    void aPartitionOfAnotherConsumerOfTheGroupWaitsForThatConsumer() {
        MockConsumer<String, String> owner = consumerOf(P1);
        MockConsumer<String, String> other = consumerOf(P0);
        String group = owner.groupMetadata().groupId();

        PendingSeeks.Request request = seeks.submit(group, P1, 7);
        seeks.setupThreadState(other);
        assertThat(request.done()).isNotDone();
        assertThat(other.position(P0)).isEqualTo(10);

        seeks.setupThreadState(owner);
        assertThat(request.done()).isCompletedWithValue(true);
        assertThat(owner.position(P1)).isEqualTo(7);
    }

    @Test
    void aWithdrawnSeekIsNeverAppliedAndOneAppliedCannotBeWithdrawn() {
        MockConsumer<String, String> consumer = consumerOf(P0, P1);
        String group = consumer.groupMetadata().groupId();

        PendingSeeks.Request withdrawn = seeks.submit(group, P0, 2);
        assertThat(seeks.withdraw(group, withdrawn)).isTrue();
        PendingSeeks.Request applied = seeks.submit(group, P1, 4);
        seeks.setupThreadState(consumer);

        assertThat(withdrawn.done()).isNotDone();
        assertThat(consumer.position(P0)).isEqualTo(10);
        assertThat(consumer.position(P1)).isEqualTo(4);
        assertThat(seeks.withdraw(group, applied)).isFalse();
    }

    @Test
    void aSeekForAnotherGroupIsLeftAlone() {
        MockConsumer<String, String> consumer = consumerOf(P0);

        PendingSeeks.Request request = seeks.submit("another-group", P0, 1);
        seeks.setupThreadState(consumer);

        assertThat(request.done()).isNotDone();
        assertThat(consumer.position(P0)).isEqualTo(10);
    }

    private static MockConsumer<String, String> consumerOf(TopicPartition... partitions) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(partitions));
        for (TopicPartition partition : partitions) {
            consumer.updateBeginningOffsets(Map.of(partition, 0L));
            consumer.updateEndOffsets(Map.of(partition, 20L));
            consumer.seek(partition, 10);
        }
        return consumer;
    }
}

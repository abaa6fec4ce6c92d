package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import io.tributary.lag.LagReading;
import io.tributary.lag.LagUnavailableException;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;

/** Describes listener containers: their state, topics, assignments and lag. */
final class ListenerViews {

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final ListenerLag lag;

    ListenerViews(ListenerLag lag) {
        this.lag = lag;
    }

    ListenerDescriptor describe(MessageListenerContainer container) {
        List<TopicPartition> assigned = assigned(container);
        Map<TopicPartition, LagReading> lags = Map.of();
        String lagError = null;
        if (!assigned.isEmpty()) {
            try {
                lags = lag.of(container);
            } catch (LagUnavailableException e) {
                lagError = e.getMessage();
            }
        }
        List<ListenerDescriptor.PartitionDescriptor> partitions = new ArrayList<>();
        // a listener assigned nothing (stopped, or waiting for a rebalance) has no lag to tell, not a lag of 0
        Long total = lagError == null && !assigned.isEmpty() ? 0L : null;
        Double oldest = total == null ? null : 0.0;
        for (TopicPartition partition : assigned) {
            LagReading reading = lags.getOrDefault(partition, new LagReading(null, null, null, null));
            partitions.add(new ListenerDescriptor.PartitionDescriptor(partition.topic(), partition.partition(),
                    reading.committedOffset(), reading.logEndOffset(), reading.lag(), reading.lagSeconds()));
            total = total == null || reading.lag() == null ? null : total + reading.lag();
            oldest = oldest == null || reading.lagSeconds() == null ? null : Math.max(oldest, reading.lagSeconds());
        }
        return new ListenerDescriptor(container.getListenerId(), container.getGroupId(), container.isRunning(),
                container.isPauseRequested(), container.isRunning() && container.isContainerPaused(),
                concurrency(container), List.copyOf(topics(container)), partitions,
                total, oldest, lagError);
    }

    static List<TopicPartition> assigned(MessageListenerContainer container) {
        if (!container.isRunning()) {
            return List.of();
        }
        List<TopicPartition> assigned = new ArrayList<>(container.getAssignedPartitions());
        assigned.sort(PARTITION_ORDER);
        return assigned;
    }

    /** The topics a listener names, and those it is assigned (a listener subscribed by pattern names none). */
    static Set<String> topics(MessageListenerContainer container) {
        Set<String> topics = new TreeSet<>();
        String[] named = container.getContainerProperties().getTopics();
        if (named != null) {
            topics.addAll(List.of(named));
        }
        TopicPartitionOffset[] partitions = container.getContainerProperties().getTopicPartitions();
        if (partitions != null) {
            for (TopicPartitionOffset partition : partitions) {
                topics.add(partition.getTopic());
            }
        }
        assigned(container).forEach(partition -> topics.add(partition.topic()));
        return topics;
    }

    private static int concurrency(MessageListenerContainer container) {
        return container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                ? concurrent.getConcurrency() : 1;
    }
}

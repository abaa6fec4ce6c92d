package io.tributary.coordinator.group;

import org.apache.kafka.common.TopicPartition;

/** Whether a partition exists in the cluster: commits to one that does not get UNKNOWN_TOPIC_OR_PARTITION. */
@FunctionalInterface
public interface TopicExistence {

    boolean exists(TopicPartition partition);

    static TopicExistence any() {
        return partition -> true;
    }
}

package io.tributary.metadata;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.List;

/**
 * Changes seen by the caches of a {@link ClusterMetadata}. Called from the cache thread, after {@code start()} has
 * returned (the state before that is read with {@code topics()} / {@code liveBrokers()}); implementations must not
 * block, and an exception thrown here is logged and does not stop the other listeners.
 */
public interface MetadataListener {

    /** A topic was created or its partitions, configs or a partition state changed. */
    default void onTopicChanged(TopicMetadata topic) {
    }

    default void onTopicDeleted(String name) {
    }

    /** The live brokers, sorted by id, after a broker registered or its session ended. */
    default void onBrokersChanged(List<BrokerRegistration> liveBrokers) {
    }
}

package io.tributary.metadata;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.List;
import java.util.Map;

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

    /** The live coordinators, sorted by id, after a coordinator registered or its session ended. */
    default void onCoordinatorsChanged(List<CoordinatorRegistration> liveCoordinators) {
    }

    /**
     * The owners of the {@code __consumer_offsets} partitions (partition → coordinator id, sorted by partition;
     * unowned partitions absent), after one was claimed or released or its owner's session ended.
     */
    default void onOffsetsOwnersChanged(Map<Integer, Integer> owners) {
    }
}

package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One listener as the kafkalisteners endpoint shows it.
 *
 * @param paused whether a pause was asked for and not resumed
 * @param consumersPaused whether every consumer of the listener has paused (they do at their next poll: records a
 *        poll in progress returns are still delivered)
 * @param lag records not consumed on all its partitions, null when unknown or when it is assigned none
 * @param lagSeconds age of the oldest record it has not consumed, over all its partitions, null when unknown
 * @param lagError why the lag is unknown, when the cluster did not answer
 */
public record ListenerDescriptor(String id, String groupId, boolean running, boolean paused,
                                 boolean consumersPaused, int concurrency,
                                 List<String> topics, List<PartitionDescriptor> partitions, Long lag,
                                 Double lagSeconds, String lagError) implements OperationResponseBody {

    /**
     * One assigned partition.
     *
     * @param committedOffset where the group resumes, null when it never committed
     * @param lag records the listener has not consumed, null when unknown
     * @param lagSeconds age of the oldest of them, 0 when none, null when unknown
     */
    public record PartitionDescriptor(String topic, int partition, Long committedOffset, Long logEndOffset, Long lag,
                                      Double lagSeconds) {
    }
}

package io.tributary.broker.log;

import org.apache.kafka.common.TopicPartition;

/**
 * What one cleaning pass did to one log.
 *
 * @param cleanedUpTo the new cleaner checkpoint: every offset below it has been cleaned
 */
public record CleanResult(
        TopicPartition topicPartition,
        long recordsRead,
        long recordsRetained,
        long bytesRead,
        long bytesRetained,
        int segmentsBefore,
        int segmentsAfter,
        long cleanedUpTo) {
}

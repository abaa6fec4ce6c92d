package io.tributary.broker.log;

import org.apache.kafka.common.record.internal.Records;

/**
 * The outcome of {@link PartitionLog#read}: whole record batches from one segment (a slice of its file, to be
 * sent without copying), or empty, with the partition offsets a Fetch response reports. The last batch may be
 * cut short by {@code maxBytes}, as in Kafka; clients skip a partial trailing batch.
 */
public record ReadResult(Records records, long highWatermark, long logStartOffset, long logEndOffset) {
}

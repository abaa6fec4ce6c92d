package io.tributary.broker.log;

/**
 * A record's offset with its timestamp, as ListOffsets answers it.
 *
 * @param leaderEpoch the partition leader epoch of the batch holding the record, -1 if unknown
 */
public record TimestampOffset(long offset, long timestamp, int leaderEpoch) {
}

package io.tributary.broker.log;

/** What the producer state retains of one appended idempotent batch: enough to recognise a retry of it. */
record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {
}

package io.tributary.broker.log;

/** One line of the leader-epoch checkpoint: leader epoch {@code epoch} wrote its first batch at {@code startOffset}. */
record EpochEntry(int epoch, long startOffset) {
}

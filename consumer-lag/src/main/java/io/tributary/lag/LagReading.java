package io.tributary.lag;

/**
 * A group's lag on one partition, as {@link GroupLagReader} measured it; every field is null when unknown.
 *
 * @param committedOffset where the group resumes, as committed
 * @param logEndOffset the partition's log end offset
 * @param lag records the group has not consumed
 * @param lagSeconds age of the oldest record the group has not consumed, 0 when none is left
 */
public record LagReading(Long committedOffset, Long logEndOffset, Long lag, Double lagSeconds) {
}

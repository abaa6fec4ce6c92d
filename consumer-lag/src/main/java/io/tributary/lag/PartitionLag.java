package io.tributary.lag;

/**
 * The one definition of a partition's lag, shared by the admin API and the Spring Boot starters: in offsets, the
 * records between where the group resumes and the log end; in seconds, the age of the first of them.
 *
 * <p>A group resumes at its committed offset, or at the log start when retention deleted what it had not read
 * (those records are gone: they are not lag any more). With nothing left to consume the lag is 0 offsets and 0
 * seconds, whatever the age of the last record.
 *
 * @param committed the group's committed offset, null when it never committed one
 * @param logStart the partition's log start offset, null when unknown
 * @param logEnd the partition's log end offset, null when unknown (e.g. the topic was deleted)
 */
public record PartitionLag(Long committed, Long logStart, Long logEnd) {

    /** Records the group has not consumed, or null when the commit or the log end is unknown. */
    public Long offsets() {
        Long from = resumesAt();
        return from == null ? null : Math.max(0, logEnd - from);
    }

    /** The offset whose record's age is the lag in seconds, or null when there is no record to read there. */
    public Long readAt() {
        Long from = resumesAt();
        return from != null && from < logEnd ? from : null;
    }

    /**
     * The lag in seconds: the age at {@code nowMs} of the record read at {@link #readAt()}, 0 when nothing is left
     * to consume, null when unknown.
     */
    public Double seconds(RecordAge ageAtReadOffset, long nowMs) {
        Long lag = offsets();
        if (lag == null) {
            return null;
        }
        if (lag == 0) {
            return 0.0;
        }
        return ageAtReadOffset == null ? null : ageAtReadOffset.secondsBefore(nowMs);
    }

    /** Whether retention deleted records the group had not consumed. */
    public boolean belowLogStart() {
        return committed != null && logStart != null && committed < logStart;
    }

    private Long resumesAt() {
        if (committed == null || logEnd == null) {
            return null;
        }
        return logStart == null ? committed : Math.max(committed, logStart);
    }
}

package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.Locale;

import org.apache.kafka.clients.admin.OffsetSpec;

/**
 * Where a seek goes, checked before anything is asked of the cluster: {@code to} is beginning, end, offset (with
 * {@code offset}) or timestamp (with {@code timestamp}, epoch milliseconds: the first record at or after it, or the
 * end when none is).
 */
record SeekCommand(To to, long value) {

    enum To { BEGINNING, END, OFFSET, TIMESTAMP }

    static SeekCommand of(String to, Long offset, Long timestamp) {
        if (to == null || to.isBlank()) {
            throw ListenerOperationException.badRequest(
                    "A seek needs 'to': beginning, end, offset (with 'offset') or timestamp (with 'timestamp')");
        }
        To where;
        try {
            where = To.valueOf(to.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ListenerOperationException.badRequest(
                    "'to' is '" + to + "', not one of beginning, end, offset, timestamp");
        }
        return switch (where) {
            case BEGINNING, END -> new SeekCommand(where, -1);
            case OFFSET -> new SeekCommand(where, nonNegative("offset", offset));
            case TIMESTAMP -> new SeekCommand(where, nonNegative("timestamp", timestamp));
        };
    }

    /** What ListOffsets is asked for; an explicit offset is checked against the log's start and end instead. */
    OffsetSpec spec() {
        return switch (to) {
            case BEGINNING -> OffsetSpec.earliest();
            case END -> OffsetSpec.latest();
            case TIMESTAMP -> OffsetSpec.forTimestamp(value);
            case OFFSET -> throw new IllegalStateException("an explicit offset needs no lookup");
        };
    }

    private static long nonNegative(String name, Long value) {
        if (value == null) {
            throw ListenerOperationException.badRequest("A seek to " + name + " needs '" + name + "'");
        }
        if (value < 0) {
            throw ListenerOperationException.badRequest("'" + name + "' must not be negative, not " + value);
        }
        return value;
    }
}

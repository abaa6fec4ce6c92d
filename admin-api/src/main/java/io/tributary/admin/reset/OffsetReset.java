package io.tributary.admin.reset;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One applied reset, kept so that it can be undone: the group, when, and its offsets before and after as JSON text
 * (a list of {@link OffsetChange}); {@code undoneAt} is set once it has been undone.
 *
 * <p>The table ({@code offset_reset}) is named from the class, not spelled out: Spring Data JDBC quotes a
 * spelled-out name as written, which H2 (upper case) then does not find.
 */
@Table
public record OffsetReset(
        @Id Long id,
        String groupId,
        Instant appliedAt,
        String offsets,
        Instant undoneAt) {

    OffsetReset undone(Instant at) {
        return new OffsetReset(id, groupId, appliedAt, offsets, at);
    }
}

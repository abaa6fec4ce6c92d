package io.tributary.admin.reset;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface SavedResets extends ListCrudRepository<OffsetReset, Long> {

    Optional<OffsetReset> findFirstByGroupIdOrderByIdDesc(String groupId);

    /**
     * Marks a reset undone unless it already is: of two undos at the same moment only one gets {@code true} and
     * restores.
     */
    @Modifying
    @Query("UPDATE offset_reset SET undone_at = :at WHERE id = :id AND undone_at IS NULL")
    boolean markUndone(long id, Instant at);

    /** Takes back {@link #markUndone} when the offsets could not be restored. */
    @Modifying
    @Query("UPDATE offset_reset SET undone_at = NULL WHERE id = :id")
    boolean clearUndone(long id);
}

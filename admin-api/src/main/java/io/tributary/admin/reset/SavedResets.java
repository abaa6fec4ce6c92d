package io.tributary.admin.reset;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

public interface SavedResets extends ListCrudRepository<OffsetReset, Long> {

    Optional<OffsetReset> findFirstByGroupIdOrderByIdDesc(String groupId);
}

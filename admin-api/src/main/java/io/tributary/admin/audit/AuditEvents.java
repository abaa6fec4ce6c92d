package io.tributary.admin.audit;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

public interface AuditEvents extends ListCrudRepository<AuditEvent, Long>, PagingAndSortingRepository<AuditEvent, Long> {
}

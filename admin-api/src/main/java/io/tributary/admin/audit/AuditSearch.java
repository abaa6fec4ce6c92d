package io.tributary.admin.audit;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads the audit trail newest first, one page at a time. Ids grow with every record, so "older than the last id
 * seen" is a cursor that stays right while new events arrive, which an offset would not.
 */
@Component
public class AuditSearch {

    private final JdbcAggregateOperations jdbc;

    AuditSearch(JdbcAggregateOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} events matching {@code filter}, newest first. */
    public List<AuditEvent> find(AuditFilter filter, int limit) {
        Criteria criteria = Criteria.empty();
        if (filter.resource() != null) {
            criteria = criteria.and("resource").is(filter.resource());
        }
        if (filter.principal() != null) {
            criteria = criteria.and("principal").is(filter.principal());
        }
        if (filter.action() != null) {
            criteria = criteria.and("action").is(filter.action());
        }
        if (filter.since() != null) {
            criteria = criteria.and("occurredAt").greaterThanOrEquals(filter.since());
        }
        if (filter.until() != null) {
            criteria = criteria.and("occurredAt").lessThan(filter.until());
        }
        if (filter.beforeId() != null) {
            criteria = criteria.and("id").lessThan(filter.beforeId());
        }
        return jdbc.findAll(Query.query(criteria).sort(Sort.by(Sort.Direction.DESC, "id")).limit(limit),
                AuditEvent.class);
    }

    public Optional<AuditEvent> find(long id) {
        return Optional.ofNullable(jdbc.findById(id, AuditEvent.class));
    }
}

package io.tributary.admin.audit;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.stereotype.Component;

/**
 * Spring Data JDBC quotes table and column names by default, and then a quoted {@code "audit_event"} is not the
 * table that {@code db/audit.sql} created unquoted (H2 folds it to upper case, PostgreSQL to lower case). Unquoted
 * names fold the same way in the schema and in the statements, on both databases.
 */
@Component
class UnquotedSqlNames implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof JdbcMappingContext context) {
            context.setForceQuote(false);
        }
        return bean;
    }
}

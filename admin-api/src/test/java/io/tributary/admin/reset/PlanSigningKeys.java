package io.tributary.admin.reset;

import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** A {@link PlanSigningKey} of its own for a test: kept in a new in-memory H2 database with the real schema. */
final class PlanSigningKeys {

    private PlanSigningKeys() {
    }

    static PlanSigningKey onNewDatabase() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/offset-resets.sql")).execute(dataSource);
        return new PlanSigningKey(new JdbcTemplate(dataSource));
    }
}

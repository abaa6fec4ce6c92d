package io.tributary.admin.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.tributary.admin.AdminApiApplication;

/**
 * Points the default audit database (H2) at {@code tributary.admin.data-dir}, made absolute: H2 refuses a relative
 * path unless it starts with {@code ./}, and a data directory is often given relative ({@code data}, a config file's
 * {@code tributary-data/admin}). A {@code spring.datasource.url} set anywhere wins; applications without the admin
 * API (another context in the same JVM) are left alone.
 */
public final class AuditDatabaseLocation implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULT_DATA_DIR = "tributary-admin-data";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!application.getAllSources().contains(AdminApiApplication.class)
                || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("tributary.admin.data-dir", DEFAULT_DATA_DIR))
                .toAbsolutePath().normalize();
        environment.getPropertySources().addLast(new MapPropertySource("tributary-admin-audit-database",
                Map.of("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("audit"))));
    }

    /** After the config files are read, so a data directory set in one counts. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

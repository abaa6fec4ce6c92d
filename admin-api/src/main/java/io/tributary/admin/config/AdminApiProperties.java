package io.tributary.admin.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin API's own settings, under {@code tributary.admin}.
 *
 * @param bootstrapServers the Kafka-protocol address of the cluster it manages
 * @param requestTimeout how long one Kafka admin call may take before the REST request fails with 504
 * @param dataDir where the embedded audit database lives when no JDBC URL is given
 * @param client further Kafka Admin client properties, passed through as written ({@code security.protocol}, ...)
 */
@ConfigurationProperties("tributary.admin")
public record AdminApiProperties(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue(AuditDatabaseLocation.DEFAULT_DATA_DIR) Path dataDir,
        Map<String, String> client) {

    public AdminApiProperties {
        client = client == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(client));
    }
}

package io.tributary.admin.config;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaAdminConfiguration {

    /**
     * One Admin client for every request: it keeps its connections and metadata, and Kafka's Admin is thread-safe.
     */
    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(AdminApiProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.client());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-admin-api");
        int timeoutMs = Math.toIntExact(properties.requestTimeout().toMillis());
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        return Admin.create(config);
    }
}

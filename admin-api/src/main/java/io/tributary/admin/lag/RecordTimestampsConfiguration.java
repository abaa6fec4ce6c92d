package io.tributary.admin.lag;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.tributary.admin.config.AdminApiProperties;
import io.tributary.lag.RecordTimestamps;

/** The record-timestamp readers behind {@code lag_seconds}, from consumer-lag, sized by {@code tributary.admin.lag}. */
@Configuration(proxyBeanMethods = false)
class RecordTimestampsConfiguration {

    @Bean(destroyMethod = "close")
    RecordTimestamps recordTimestamps(AdminApiProperties admin, LagProperties lag) {
        Map<String, Object> client = new HashMap<>(admin.client());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, admin.bootstrapServers());
        return new RecordTimestamps(client, "tributary-admin-api-lag-", lag.readers(), lag.readTimeout());
    }
}

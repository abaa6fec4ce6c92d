package io.tributary.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * What the producer and the consumer auto-configurations share: the {@code tributary.*} properties, where the cluster
 * is, and the settings common to every client.
 */
@AutoConfiguration
@ConditionalOnClass(CommonClientConfigs.class)
@EnableConfigurationProperties(TributaryProperties.class)
public final class TributaryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TributaryConnectionDetails.class)
    PropertiesTributaryConnectionDetails tributaryConnectionDetails(TributaryProperties properties) {
        return new PropertiesTributaryConnectionDetails(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    TributaryClientConfig tributaryClientConfig(TributaryConnectionDetails connection,
                                                TributaryProperties properties, Environment environment) {
        return new TributaryClientConfig(connection, properties,
                environment.getProperty("spring.application.name"));
    }
}

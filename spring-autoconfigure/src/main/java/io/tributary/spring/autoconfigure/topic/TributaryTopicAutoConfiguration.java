package io.tributary.spring.autoconfigure.topic;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;

/**
 * Topics declared as {@code NewTopic} beans exist once the application has started ({@code tributary.topics.*}),
 * for producer and consumer applications alike. Runs before Spring Boot's Kafka auto-configuration, whose admin then
 * backs off.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class,
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
public final class TributaryTopicAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(KafkaAdmin.class)
    DeclaredTopicsAdmin kafkaAdmin(TributaryClientConfig clientConfig, TributaryProperties properties) {
        TributaryProperties.Topics topics = properties.getTopics();
        return new DeclaredTopicsAdmin(clientConfig.forClient("admin", Map.of()), topics.isCreate(),
                topics.isFailFast(), topics.getTimeout());
    }
}

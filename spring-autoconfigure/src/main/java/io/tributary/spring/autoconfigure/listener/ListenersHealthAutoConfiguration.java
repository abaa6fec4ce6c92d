package io.tributary.spring.autoconfigure.listener;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.listener.health.ListenersHealthContributor;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;

/**
 * The {@code kafkaListeners} health contributor, one indicator per listener, unless
 * {@code tributary.consumer.health.enabled=false}.
 */
@AutoConfiguration(after = ListenerOperationsAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(ListenerLag.class)
@ConditionalOnProperty(prefix = "tributary.consumer.health", name = "enabled", matchIfMissing = true)
public final class ListenersHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaListenersHealthContributor")
    ListenersHealthContributor kafkaListenersHealthContributor(
            ObjectProvider<KafkaListenerEndpointRegistry> registry, ListenerLag lag, TributaryProperties properties) {
        Duration maxLag = properties.getConsumer().getHealth().getMaxLag();
        if (maxLag != null && (maxLag.isNegative() || maxLag.isZero())) {
            throw new IllegalArgumentException("tributary.consumer.health.max-lag must be positive, not " + maxLag);
        }
        return new ListenersHealthContributor(registry::getObject, lag, maxLag);
    }
}

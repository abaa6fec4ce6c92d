package io.tributary.spring.autoconfigure.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.tributary.lag.RecordTimestamps;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.consumer.TributaryConsumerAutoConfiguration;
import io.tributary.spring.autoconfigure.listener.lag.ListenerAdmin;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;

/**
 * What the kafkalisteners endpoint and the listener health indicators share, when Actuator is on the classpath:
 * the listeners' lag, read from the cluster as the admin API reads {@code lag_seconds}.
 */
@AutoConfiguration(after = TributaryConsumerAutoConfiguration.class)
@ConditionalOnClass({KafkaListenerEndpointRegistry.class, RecordTimestamps.class})
@ConditionalOnBean({KafkaListenerEndpointRegistry.class, TributaryClientConfig.class})
@Conditional(ListenerOperationsAutoConfiguration.ActuatorPresent.class)
public final class ListenerOperationsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ListenerAdmin tributaryListenerAdmin(TributaryClientConfig clientConfig) {
        return new ListenerAdmin(clientConfig.forClient("listener-admin", Map.of()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ListenerLag tributaryListenerLag(TributaryClientConfig clientConfig, ListenerAdmin admin) {
        TributaryProperties.Consumer consumer = clientConfig.properties().getConsumer();
        Duration cacheTime = consumer.getHealth().getLagCacheTime();
        if (cacheTime.isNegative()) {
            throw new IllegalArgumentException("tributary.consumer.health.lag-cache-time must not be negative, not "
                    + cacheTime);
        }
        TributaryProperties.Operations operations = consumer.getOperations();
        if (operations.getTimeout().isNegative() || operations.getTimeout().isZero()) {
            throw new IllegalArgumentException("tributary.consumer.operations.timeout must be positive, not "
                    + operations.getTimeout());
        }
        if (operations.getLagReaders() < 1) {
            throw new IllegalArgumentException("tributary.consumer.operations.lag-readers must be at least 1, not "
                    + operations.getLagReaders());
        }
        Map<String, Object> readers = clientConfig.forClient("lag-reader", Map.of());
        Object clientId = readers.getOrDefault(CommonClientConfigs.CLIENT_ID_CONFIG, "tributary-lag-reader");
        Duration timeout = operations.getTimeout();
        return new ListenerLag(admin, new RecordTimestamps(readers, clientId + "-", operations.getLagReaders(),
                timeout), timeout, cacheTime, Clock.systemUTC());
    }

    /** Either half of Actuator the listener features serve: its endpoints or its health. */
    static final class ActuatorPresent extends AnyNestedCondition {

        ActuatorPresent() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
        static final class Endpoints {
        }

        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
        static final class Health {
        }
    }
}

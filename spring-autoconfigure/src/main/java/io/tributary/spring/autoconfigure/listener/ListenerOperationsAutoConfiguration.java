package io.tributary.spring.autoconfigure.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.tributary.lag.RecordTimestamps;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.consumer.TributaryConsumerAutoConfiguration;
import io.tributary.spring.autoconfigure.listener.lag.ListenerAdmin;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;
import io.tributary.spring.autoconfigure.listener.seek.PendingSeeks;
import io.tributary.spring.autoconfigure.listener.seek.SeekInterceptorInstaller;

/**
 * What the kafkalisteners endpoint and the listener health indicators share: seeks applied on the listeners' own
 * consumer threads (an interceptor put on the listener container factory) and the listeners' lag, read from the
 * cluster as the admin API reads {@code lag_seconds}.
 */
@AutoConfiguration(after = TributaryConsumerAutoConfiguration.class)
@ConditionalOnClass({KafkaListenerEndpointRegistry.class, RecordTimestamps.class})
@ConditionalOnBean({KafkaListenerEndpointRegistry.class, TributaryClientConfig.class})
public final class ListenerOperationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PendingSeeks tributaryPendingSeeks() {
        return new PendingSeeks();
    }

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SeekInterceptorInstaller tributarySeekInterceptorInstaller(PendingSeeks seeks) {
        // last, so that it composes with the interceptor any other customizer sets
        return new SeekInterceptorInstaller(seeks);
    }

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
}

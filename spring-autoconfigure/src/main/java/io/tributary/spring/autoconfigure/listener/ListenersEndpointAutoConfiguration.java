package io.tributary.spring.autoconfigure.listener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.listener.endpoint.ListenerOperations;
import io.tributary.spring.autoconfigure.listener.endpoint.ListenersEndpoint;
import io.tributary.spring.autoconfigure.listener.endpoint.ListenersEndpointWebExtension;
import io.tributary.spring.autoconfigure.listener.lag.ListenerAdmin;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;
import io.tributary.spring.autoconfigure.listener.replay.DeadLetterReplayer;
import io.tributary.spring.autoconfigure.listener.seek.PendingSeeks;
import io.tributary.spring.autoconfigure.listener.seek.SeekInterceptorInstaller;

/**
 * The {@code kafkalisteners} Actuator endpoint and the seek interceptor behind it, when Actuator is on the classpath and the endpoint is available
 * ({@code management.endpoints.web.exposure.include} names it to reach it over HTTP).
 */
@AutoConfiguration(after = ListenerOperationsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ListenerLag.class)
@ConditionalOnAvailableEndpoint(ListenersEndpoint.class)
public final class ListenersEndpointAutoConfiguration {

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

    @Bean
    @ConditionalOnMissingBean
    DeadLetterReplayer tributaryDeadLetterReplayer(TributaryClientConfig clientConfig) {
        TributaryProperties.Consumer consumer = clientConfig.properties().getConsumer();
        return new DeadLetterReplayer(clientConfig.forClient("dlt-replay", consumer.getProperties()),
                clientConfig.forClient("dlt-replay", clientConfig.properties().getProducer().getProperties()),
                consumer.getDeadLetter().getSuffix(), consumer.getOperations().getTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerOperations tributaryListenerOperations(ObjectProvider<KafkaListenerEndpointRegistry> registry,
                                                   ListenerLag lag, ListenerAdmin admin, PendingSeeks seeks,
                                                   DeadLetterReplayer replayer, TributaryProperties properties) {
        return new ListenerOperations(registry::getObject, lag, admin, seeks, replayer,
                properties.getConsumer().getOperations().getTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ListenersEndpoint kafkaListenersEndpoint(ListenerOperations operations) {
        return new ListenersEndpoint(operations);
    }

    @Bean
    @ConditionalOnMissingBean
    ListenersEndpointWebExtension kafkaListenersEndpointWebExtension(ListenersEndpoint endpoint) {
        return new ListenersEndpointWebExtension(endpoint);
    }
}

package io.tributary.spring.autoconfigure.listener.health;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;

/**
 * {@code kafkaListeners}: one health indicator per listener id, looked up in spring-kafka's registry on every
 * health check, since listener containers are registered after the health contributors are.
 */
public final class ListenersHealthContributor implements CompositeHealthContributor {

    private final Supplier<KafkaListenerEndpointRegistry> registry;
    private final ListenerLag lag;
    private final Duration maxLag;

    public ListenersHealthContributor(Supplier<KafkaListenerEndpointRegistry> registry, ListenerLag lag,
                                      Duration maxLag) {
        this.registry = registry;
        this.lag = lag;
        this.maxLag = maxLag;
    }

    @Override
    public HealthContributor getContributor(String name) {
        MessageListenerContainer container = registry.get().getListenerContainer(name);
        return container == null ? null : new ListenerHealthIndicator(container, lag, maxLag);
    }

    @Override
    public Stream<Entry> stream() {
        return registry.get().getListenerContainerIds().stream().sorted()
                .flatMap(id -> Stream.ofNullable(getContributor(id)).map(indicator -> new Entry(id, indicator)));
    }
}

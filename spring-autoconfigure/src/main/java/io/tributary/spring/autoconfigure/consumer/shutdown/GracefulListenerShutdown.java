package io.tributary.spring.autoconfigure.consumer.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Stops every listener container when the application closes, before spring-kafka's registry does, and waits up to
 * {@code tributary.consumer.shutdown-timeout} for all of them: each finishes the record (or batch) in hand and commits
 * what it processed before its consumer leaves the group. Waiting here, instead of in the registry's lifecycle phase,
 * makes the timeout ours rather than {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public final class GracefulListenerShutdown implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(GracefulListenerShutdown.class);

    private final KafkaListenerEndpointRegistry registry;
    private final Duration timeout;
    private volatile boolean running;

    public GracefulListenerShutdown(KafkaListenerEndpointRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<MessageListenerContainer> stopping = registry.getAllListenerContainers().stream()
                .filter(MessageListenerContainer::isRunning).toList();
        CountDownLatch stopped = new CountDownLatch(stopping.size());
        Set<String> pending = ConcurrentHashMap.newKeySet();
        for (MessageListenerContainer container : stopping) {
            String name = name(container);
            pending.add(name);
            container.stop(() -> {
                pending.remove(name);
                stopped.countDown();
            });
        }
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Listener containers " + pending + " still running after tributary.consumer.shutdown-timeout "
                        + timeout + "; records they have not finished will be delivered again");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String name(MessageListenerContainer container) {
        String id = container.getListenerId();
        return id != null ? id : String.valueOf(container);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just above the containers' phase, so this stops (and waits) first. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }
}

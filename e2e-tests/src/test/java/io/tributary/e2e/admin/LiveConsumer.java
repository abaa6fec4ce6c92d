package io.tributary.e2e.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A kafka-clients consumer that subscribes to topics in a group and polls on its own thread, as an application
 * does, until closed (which leaves the group). It commits nothing unless {@code enable.auto.commit} is given.
 */
final class LiveConsumer implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean closing;

    private LiveConsumer(KafkaConsumer<String, String> consumer, List<String> topics, String clientId) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topics), "admin-e2e-consumer-" + clientId);
    }

    static LiveConsumer start(String bootstrap, String groupId, String clientId, List<String> topics,
            Map<String, Object> overrides) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(overrides);
        LiveConsumer live = new LiveConsumer(new KafkaConsumer<>(config), topics, clientId);
        live.thread.start();
        return live;
    }

    private void run(List<String> topics) {
        try {
            consumer.subscribe(topics);
            while (!closing) {
                consumer.poll(Duration.ofMillis(100));
            }
        } catch (WakeupException closed) {
            // close() interrupts a poll that may wait for a rebalance
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

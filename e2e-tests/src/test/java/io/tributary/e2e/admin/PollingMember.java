package io.tributary.e2e.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One member of a consumer group polling on its own thread as an application does (auto-commit every 200 ms), keeping
 * every record it was given, so that a test sees where the group reads from while the admin API acts on it. Errors a
 * poll throws (a removed member's commit failing, say) are kept, and the member polls on, as an application would.
 */
final class PollingMember implements AutoCloseable {

    /** One record as {@code poll()} handed it over. */
    record Delivery(int partition, long offset) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    private PollingMember(String bootstrap, String groupId, String clientId, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        this.thread = new Thread(() -> run(topic), "e2e-polling-" + clientId);
        this.thread.setDaemon(true);
    }

    static PollingMember start(String bootstrap, String groupId, String clientId, String topic) {
        PollingMember member = new PollingMember(bootstrap, groupId, clientId, topic);
        member.thread.start();
        return member;
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        deliveries.add(new Delivery(record.partition(), record.offset()));
                    }
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocking log maintenance and the timers of waiting fetches run on different threads. */
class TimerIsolationIT {

    private static final int MAX_WAIT_MS = 200;

    @TempDir
    Path logDir;

    @Test
    void aLongPollFetchExpiresOnTimeWhileEveryMaintenanceThreadIsStuck() throws Exception {
        try (RunningBroker broker = new RunningBroker(logDir, Map.of());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("quiet", 1, (short) 1))).all().get();
            CountDownLatch release = new CountDownLatch(1);
            try {
                blockEveryThread(broker.schedulers().maintenance(), release);
                blockEveryThread(broker.schedulers().cleaner(), release);

                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, MAX_WAIT_MS,
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1),
                        new StringDeserializer(), new StringDeserializer())) {
                    consumer.assign(List.of(new TopicPartition("quiet", 0)));
                    consumer.seekToBeginning(List.of(new TopicPartition("quiet", 0)));

                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        assertThat(consumer.poll(Duration.ofMillis(100))).isEmpty();
                        return fetchMetric(consumer, "fetch-total") >= 5;
                    });
                    assertThat(fetchMetric(consumer, "fetch-latency-max"))
                            .as("each empty fetch came back at max.wait.ms, not when maintenance was released")
                            .isBetween((double) MAX_WAIT_MS - 50, 5_000.0);
                    assertThat(release.getCount()).as("maintenance still stuck").isOne();
                }
            } finally {
                release.countDown();
            }
        }
    }

    /** Occupies every thread of {@code pool} with a task waiting for {@code release}, and waits until they all run. */
    private static void blockEveryThread(ScheduledExecutorService pool, CountDownLatch release) throws InterruptedException {
        int threads = ((ThreadPoolExecutor) pool).getCorePoolSize();
        CountDownLatch running = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).as("every thread of the pool is stuck").isTrue();
    }

    private static double fetchMetric(KafkaConsumer<?, ?> consumer, String name) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
            if (entry.getKey().name().equals(name) && entry.getKey().group().equals("consumer-fetch-manager-metrics")
                    && entry.getKey().tags().size() == 1) {
                Object value = entry.getValue().metricValue();
                return value instanceof Double d && !d.isNaN() ? d : 0;
            }
        }
        return 0;
    }
}

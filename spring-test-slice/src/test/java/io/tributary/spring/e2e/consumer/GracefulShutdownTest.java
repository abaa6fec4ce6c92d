package io.tributary.spring.e2e.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.tributary.spring.autoconfigure.consumer.shutdown.GracefulListenerShutdown;
import io.tributary.spring.e2e.consumer.events.Order;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Applications of their own (started and closed here, beside the shared test context) on the embedded cluster:
 * closing one mid-stream and starting another on the same group, and manual acknowledgement.
 */
class GracefulShutdownTest extends ConsumerE2eTest {

    static final String SHUTDOWN = "consumer-e2e-shutdown";
    static final String MANUAL = "consumer-e2e-manual";
    static final String STUCK = "consumer-e2e-stuck";
    static final String MANUAL_BATCH = "consumer-e2e-manual-batch";
    private static final int RECORDS = 40;

    @Value("${tributary.embedded.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void closingMidStreamLosesNothingAndProcessesNothingTwice() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new ProducerRecord<>(SHUTDOWN, i % 2, "k" + i, ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        cluster.sendAll(records);
        Progress first = new Progress();
        ConfigurableApplicationContext firstApp = start(SlowListenerApp.class, first, "consumer-e2e-shutdown");
        await().atMost(ClusterReads.DEADLINE).until(() -> first.finished.size() >= 5);
        firstApp.close();

        assertThat(first.finished).as("in-flight records finish before the close returns")
                .hasSize(first.started.get());
        assertThat(first.finished.size()).as("the close came mid-stream").isLessThan(RECORDS);

        Progress second = new Progress();
        try (ConfigurableApplicationContext secondApp = start(SlowListenerApp.class, second, "consumer-e2e-shutdown")) {
            // each partition is read in order: a record processed twice would come before the last new one
            await().atMost(ClusterReads.DEADLINE).until(() -> distinct(first, second).size() == RECORDS);
        }
        List<String> all = new ArrayList<>(first.finished);
        all.addAll(second.finished);
        assertThat(all).as("every record processed exactly once across both applications").hasSize(RECORDS)
                .doesNotHaveDuplicates();
    }

    @Test
    void manualAcknowledgementCommitsWhatTheListenerAcknowledgedAndNothingElse() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.sendAll(Stream.of("ack", "ack", "keep")
                .map(value -> new ProducerRecord<>(MANUAL, 0, "k", value.getBytes(StandardCharsets.UTF_8))).toList());
        Progress listener = new Progress();
        TopicPartition partition = new TopicPartition(MANUAL, 0);
        try (ConfigurableApplicationContext app = start(AcknowledgingApp.class, listener, "consumer-e2e-manual",
                "tributary.consumer.ack-mode=MANUAL")) {
            await().atMost(ClusterReads.DEADLINE).until(() -> listener.finished.size() == 3);
            await().atMost(ClusterReads.DEADLINE).until(() -> cluster.committed("consumer-e2e-manual", partition)
                    .filter(offset -> offset == 2).isPresent());
        }
        assertThat(listener.finished).containsExactly("ack", "ack", "keep");
        assertThat(cluster.committed("consumer-e2e-manual", partition)).as("the unacknowledged record stays")
                .contains(2L);
    }

    /**
     * A manually acknowledging batch listener, a record that cannot be read between two good ones: the listener
     * acknowledges what it got (the first record), the bad one goes to the dead-letter topic, the last one comes in
     * the next batch, and everything ends committed with each good record processed once.
     */
    @Test
    void aManualBatchListenerAcknowledgesOnlyWhatItGotBeforeARecordThatCannotBeRead() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.sendAll(Stream.of("{\"id\":\"first\",\"quantity\":1}", "{not json",
                        "{\"id\":\"last\",\"quantity\":1}")
                .map(value -> new ProducerRecord<>(MANUAL_BATCH, 0, value, value.getBytes(StandardCharsets.UTF_8)))
                .toList());
        Progress listener = new Progress();
        TopicPartition partition = new TopicPartition(MANUAL_BATCH, 0);
        try (ConfigurableApplicationContext app = start(AcknowledgingBatchApp.class, listener,
                "consumer-e2e-manual-batch", "tributary.consumer.ack-mode=MANUAL", "tributary.consumer.batch=true")) {
            await().atMost(ClusterReads.DEADLINE).until(() -> cluster.committed("consumer-e2e-manual-batch", partition)
                    .filter(offset -> offset == 3).isPresent());
            assertThat(cluster.awaitRecord(MANUAL_BATCH + ".DLT", "{not json").value())
                    .isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(listener.finished).containsExactly("first", "last");
    }

    /**
     * tributary.consumer.shutdown-timeout bounds the wait for a listener that does not finish: the shutdown gives up
     * after it (not before), and the record stays uncommitted, for the next instance.
     */
    @Test
    void theShutdownWaitsForAStuckListenerAsLongAsTheTimeoutAndNoLonger() throws Exception {
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        cluster.send(new ProducerRecord<>(STUCK, 0, "k", "stuck".getBytes(StandardCharsets.UTF_8)));
        Progress progress = new Progress();
        TopicPartition partition = new TopicPartition(STUCK, 0);
        try (ConfigurableApplicationContext app = start(StuckListenerApp.class, progress, "consumer-e2e-stuck",
                "tributary.consumer.shutdown-timeout=1500ms")) {
            await().atMost(ClusterReads.DEADLINE).until(() -> progress.started.get() == 1);

            long begin = System.nanoTime();
            app.getBean(GracefulListenerShutdown.class).stop();
            Duration waited = Duration.ofNanos(System.nanoTime() - begin);

            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(10));
            assertThat(cluster.committed("consumer-e2e-stuck", partition)).as("the record in hand").isEmpty();
            app.getBean(StuckListener.class).release.countDown();
        }
    }

    private ConfigurableApplicationContext start(Class<?> app, Progress progress, String group, String... more) {
        List<String> properties = new ArrayList<>(List.of("tributary.bootstrap-servers=" + bootstrapServers,
                "tributary.consumer.group-id=" + group, "tributary.consumer.shutdown-timeout=10s"));
        properties.addAll(List.of(more));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .initializers(context -> context.getBeanFactory().registerSingleton("progress", progress))
                .run();
    }

    private static Set<String> distinct(Progress first, Progress second) {
        Set<String> seen = new HashSet<>(first.finished);
        seen.addAll(second.finished);
        return seen;
    }

    /** What one application's listener started and finished, shared with the test. */
    static final class Progress {

        final AtomicInteger started = new AtomicInteger();
        final Queue<String> finished = new ConcurrentLinkedQueue<>();
    }

    static final class SlowListener {

        private final Progress progress;

        SlowListener(Progress progress) {
            this.progress = progress;
        }

        @KafkaListener(topics = SHUTDOWN)
        void on(String value) throws InterruptedException {
            progress.started.incrementAndGet();
            // stands for the work a record takes, so that closing the application finds one in hand
            Thread.sleep(40);
            progress.finished.add(value);
        }
    }

    static final class StuckListener {

        private final Progress progress;
        final CountDownLatch release = new CountDownLatch(1);

        StuckListener(Progress progress) {
            this.progress = progress;
        }

        @KafkaListener(topics = STUCK)
        void on(String value) throws InterruptedException {
            progress.started.incrementAndGet();
            release.await(ClusterReads.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            progress.finished.add(value);
        }
    }

    static final class AcknowledgingBatchListener {

        private final Progress progress;

        AcknowledgingBatchListener(Progress progress) {
            this.progress = progress;
        }

        @KafkaListener(topics = MANUAL_BATCH)
        void on(List<Order> orders, Acknowledgment acknowledgment) {
            orders.forEach(order -> progress.finished.add(order.id()));
            acknowledgment.acknowledge();
        }
    }

    static final class AcknowledgingListener {

        private final Progress progress;

        AcknowledgingListener(Progress progress) {
            this.progress = progress;
        }

        @KafkaListener(topics = MANUAL)
        void on(String value, Acknowledgment acknowledgment) {
            progress.finished.add(value);
            if (value.equals("ack")) {
                acknowledgment.acknowledge();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SlowListenerApp {

        @Bean
        SlowListener slowListener(Progress progress) {
            return new SlowListener(progress);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class StuckListenerApp {

        @Bean
        StuckListener stuckListener(Progress progress) {
            return new StuckListener(progress);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AcknowledgingBatchApp {

        @Bean
        AcknowledgingBatchListener acknowledgingBatchListener(Progress progress) {
            return new AcknowledgingBatchListener(progress);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AcknowledgingApp {

        @Bean
        AcknowledgingListener acknowledgingListener(Progress progress) {
            return new AcknowledgingListener(progress);
        }
    }
}

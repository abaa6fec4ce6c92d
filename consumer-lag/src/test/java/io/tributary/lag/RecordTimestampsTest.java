package io.tributary.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecordTimestampsTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    @Test
    void oneDeadlineBoundsAllOfARequestsReadsAndWhatIsNotReadByThenIsCancelled() throws IOException {
        RecordTimestamps timestamps = new RecordTimestamps(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort()),
                "lag-test-", 1, READ_TIMEOUT);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, Long> logEnds = new HashMap<>();
        for (int partition = 0; partition < 8; partition++) {
            offsets.put(new TopicPartition("t", partition), 0L);
            logEnds.put(new TopicPartition("t", partition), 10L);
        }
        try {
            long start = System.nanoTime();
            Map<TopicPartition, RecordAge> ages = timestamps.at(offsets, logEnds);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(ages).hasSize(8).allSatisfy((partition, age) -> assertThat(age).isEqualTo(RecordAge.UNKNOWN));
            // Eight reads on one reader: a deadline per read (or per round of reads) would take 4 s and more.
            assertThat(took).isLessThan(READ_TIMEOUT.plusSeconds(1));
            await().atMost(Duration.ofSeconds(1)).until(() -> timestamps.readsInFlight() == 0);
        } finally {
            timestamps.close();
        }
    }

    @Test
    void aReadEndingAfterCloseClosesItsConsumerInsteadOfKeepingIt() throws IOException {
        RecordTimestamps timestamps = new RecordTimestamps(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort()),
                "lag-test-", 1, READ_TIMEOUT);
        KafkaConsumer<byte[], byte[]> reading = timestamps.borrow();

        timestamps.close();
        timestamps.giveBack(reading, true);

        assertThat(timestamps.openConsumers()).isZero();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

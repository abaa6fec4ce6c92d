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
            // the reader's consumer built (cold, up to a second on a busy machine) outside the timed call
            timestamps.at(Map.of(new TopicPartition("t", 0), 0L), Map.of(new TopicPartition("t", 0), 10L));
            await().atMost(Duration.ofSeconds(5)).until(() -> timestamps.readsInFlight() == 0);
            assertThat(timestamps.openConsumers()).isEqualTo(1);

            long start = System.nanoTime();
            Map<TopicPartition, RecordAge> ages = timestamps.at(offsets, logEnds);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(ages).hasSize(8).allSatisfy((partition, age) -> assertThat(age).isEqualTo(RecordAge.UNKNOWN));
            // Eight reads on one reader: a deadline per read would take 8 x 0.5 s = 4 s, one per round of reads
            // as long; the margin is for a loaded machine.
            assertThat(took).isLessThan(READ_TIMEOUT.multipliedBy(5));
            await().atMost(READ_TIMEOUT.multipliedBy(4)).until(() -> timestamps.readsInFlight() == 0);
        } finally {
            timestamps.close();
        }
        assertThat(timestamps.openConsumers()).isZero();
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

package io.tributary.spring.e2e.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;

/** An application with one listener per scenario, each on a topic of its own. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ListenerTestApplication {

    static final String PAUSE = "listeners-pause";
    static final String SEEK = "listeners-seek";
    static final String REPLAY = "listeners-replay";
    static final String HEALTH = "listeners-health";
    static final String STOP = "listeners-stop";

    @Bean
    Received received() {
        return new Received();
    }

    /** What each listener received, as "partition:value[:trace]" (trace: the record's own trace-id header). */
    static class Received {

        final List<String> pause = new CopyOnWriteArrayList<>();
        final List<String> seek = new CopyOnWriteArrayList<>();
        final List<String> replay = new CopyOnWriteArrayList<>();
        final List<String> health = new CopyOnWriteArrayList<>();
        final AtomicBoolean replayFails = new AtomicBoolean(true);

        @KafkaListener(id = PAUSE, topics = PAUSE)
        void pause(String value) {
            pause.add(value);
        }

        @KafkaListener(id = SEEK, topics = SEEK)
        void seek(String value) {
            seek.add(value);
        }

        @KafkaListener(id = REPLAY, topics = REPLAY)
        void replay(@Payload String value, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
                    @Header(name = "trace-id", required = false) byte[] trace,
                    @Header(name = KafkaHeaders.DLT_EXCEPTION_FQCN, required = false) byte[] exception) {
            if (replayFails.get()) {
                throw new IllegalStateException("order " + value + " cannot be shipped yet");
            }
            replay.add(partition + ":" + value + ":" + (trace == null ? "" : new String(trace, StandardCharsets.UTF_8))
                    + (exception == null ? "" : ":with-dlt-exception-header"));
        }

        @KafkaListener(id = HEALTH, topics = HEALTH)
        void health(String value) {
            health.add(value);
        }

        @KafkaListener(id = STOP, topics = STOP)
        void stop(String value) {
        }
    }
}

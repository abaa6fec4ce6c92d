package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

import io.tributary.e2e.support.RawKafkaConnection;

/**
 * A well-behaved client beside the fuzzer: every {@code interval}, on a fresh connection to each target, an
 * ApiVersions and a Metadata request, each of which must be answered without error within {@code deadline}.
 * This is what "the node keeps answering during the run" means; every miss is kept for the report.
 */
final class LivenessProbe implements AutoCloseable {

    private final List<FuzzTarget> targets;
    private final String topic;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-liveness-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final LongAdder probes = new LongAdder();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private final AtomicLong consecutiveFailures = new AtomicLong();

    LivenessProbe(List<FuzzTarget> targets, String topic, Duration deadline) {
        this.targets = targets;
        this.topic = topic;
        this.deadline = deadline;
    }

    void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probeAll() {
        for (FuzzTarget target : targets) {
            long start = System.nanoTime();
            try (RawKafkaConnection connection = RawKafkaConnection.open(target.host(), target.port(), deadline)) {
                connection.apiVersions();
                short version = ApiKeys.METADATA.latestVersion();
                AbstractResponse response = connection.call(
                        new MetadataRequest.Builder(List.of(topic), false).build(version));
                if (!(response instanceof MetadataResponse)) {
                    throw new AssertionError("Metadata answered with " + response);
                }
                probes.increment();
                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                consecutiveFailures.set(0);
            } catch (RuntimeException | AssertionError e) {
                consecutiveFailures.incrementAndGet();
                synchronized (failures) {
                    failures.add(target + " at " + java.time.LocalTime.now() + ": " + e);
                }
            }
        }
    }

    /** Probes failed in a row, across targets, since the last one answered. */
    long consecutiveFailures() {
        return consecutiveFailures.get();
    }

    long probes() {
        return probes.sum();
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

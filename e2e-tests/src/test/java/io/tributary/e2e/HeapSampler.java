package io.tributary.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node's heap from its Actuator every second while a test runs, and keeps the highest values seen:
 * {@code jvm.memory.used{area=heap}} (garbage included), {@code jvm.gc.live.data.size} (the old generation after
 * the last major collection: what the node really keeps) and {@code jvm.gc.overhead} (the share of time spent
 * collecting; a heap near its limit collects without end). A sample the node is too busy to give is skipped.
 */
final class HeapSampler implements AutoCloseable {

    private static final Pattern VALUE = Pattern.compile("\"statistic\":\"VALUE\",\"value\":([0-9.Ee+-]+)");

    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Double> maxHeapUsed = new AtomicReference<>(0.0);
    private final AtomicReference<Double> maxLiveData = new AtomicReference<>(0.0);
    private final AtomicReference<Double> maxGcOverhead = new AtomicReference<>(0.0);
    private final AtomicInteger samples = new AtomicInteger();

    HeapSampler(int httpPort) {
        this.httpPort = httpPort;
    }

    HeapSampler start() {
        scheduler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private void sample() {
        OptionalDouble heap = metric("jvm.memory.used?tag=area:heap");
        OptionalDouble live = metric("jvm.gc.live.data.size");
        OptionalDouble overhead = metric("jvm.gc.overhead");
        if (heap.isPresent() && live.isPresent() && overhead.isPresent()) {
            maxHeapUsed.accumulateAndGet(heap.getAsDouble(), Math::max);
            maxLiveData.accumulateAndGet(live.getAsDouble(), Math::max);
            maxGcOverhead.accumulateAndGet(overhead.getAsDouble(), Math::max);
            samples.incrementAndGet();
        }
    }

    private OptionalDouble metric(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/actuator/metrics/" + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher value = VALUE.matcher(response.body());
            return response.statusCode() == 200 && value.find() ? OptionalDouble.of(Double.parseDouble(value.group(1)))
                    : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    int samples() {
        return samples.get();
    }

    long maxHeapUsedBytes() {
        return maxHeapUsed.get().longValue();
    }

    long maxLiveDataBytes() {
        return maxLiveData.get().longValue();
    }

    double maxGcOverhead() {
        return maxGcOverhead.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return String.format("%d heap samples: used at most %d MiB, live after GC at most %d MiB, GC overhead at most"
                + " %.0f%%", samples(), maxHeapUsedBytes() >> 20, maxLiveDataBytes() >> 20, maxGcOverhead() * 100);
    }
}

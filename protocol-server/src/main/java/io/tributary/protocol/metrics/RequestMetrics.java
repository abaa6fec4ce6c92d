package io.tributary.protocol.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The catalog of the protocol server's meters: every name, tag and description lives here.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #REQUESTS}</td><td>counter</td><td>api</td><td>{@value #REQUESTS_HELP}</td></tr>
 * <tr><td>{@value #REQUEST_ERRORS}</td><td>counter</td><td>api, error</td><td>{@value #REQUEST_ERRORS_HELP}</td></tr>
 * <tr><td>{@value #REQUEST_LATENCY}</td><td>timer</td><td>api</td><td>{@value #REQUEST_LATENCY_HELP}</td></tr>
 * <tr><td>{@value #BYTES_IN}</td><td>counter</td><td></td><td>{@value #BYTES_IN_HELP}</td></tr>
 * <tr><td>{@value #BYTES_OUT}</td><td>counter</td><td></td><td>{@value #BYTES_OUT_HELP}</td></tr>
 * <tr><td>{@value #CONNECTIONS}</td><td>gauge</td><td></td><td>{@value #CONNECTIONS_HELP}</td></tr>
 * <tr><td>{@value #REJECTED_FRAMES}</td><td>counter</td><td>reason</td><td>{@value #REJECTED_FRAMES_HELP}</td></tr>
 * </table>
 * The {@code api} tag is the Kafka API name ({@code Produce}, {@code Fetch}, …), {@code error} the
 * {@link Errors} constant name ({@code NOT_LEADER_OR_FOLLOWER}, …), {@code reason} one of
 * {@link FrameRejection}'s tags ({@code oversized}, {@code unknown_api}, …). Every meter also carries
 * {@value #TAG_SERVER}. Thread-safe.
 */
public final class RequestMetrics {

    public static final String REQUESTS = "tributary.requests";
    public static final String REQUESTS_HELP = "Requests received, by API";
    public static final String REQUEST_ERRORS = "tributary.request.errors";
    public static final String REQUEST_ERRORS_HELP =
            "Error codes sent in responses (top-level and per partition, resource or member), by API and error";
    public static final String REQUEST_LATENCY = "tributary.request.latency";
    public static final String REQUEST_LATENCY_HELP =
            "Time from a request being decoded to its response being ready to write, by API";
    public static final String BYTES_IN = "tributary.network.bytes.in";
    public static final String BYTES_IN_HELP = "Bytes read from client connections";
    public static final String BYTES_OUT = "tributary.network.bytes.out";
    public static final String BYTES_OUT_HELP = "Bytes written to client connections, file regions included";
    public static final String CONNECTIONS = "tributary.connections";
    public static final String CONNECTIONS_HELP = "Open client connections";
    public static final String REJECTED_FRAMES = "tributary.protocol.rejected.frames";
    public static final String REJECTED_FRAMES_HELP =
            "Request frames refused before reaching a handler (each closes its connection), by reason";

    public static final String TAG_API = "api";
    public static final String TAG_ERROR = "error";
    public static final String TAG_SERVER = "server";
    public static final String TAG_REASON = "reason";

    private final MeterRegistry registry;
    private final ConcurrentMap<ApiKeys, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<ApiKeys, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<FrameRejection, Counter> rejectedFrames = new EnumMap<>(FrameRejection.class);
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final AtomicInteger connections = new AtomicInteger();
    private final String server;

    /**
     * @param server the value of the {@value #TAG_SERVER} tag on every meter, so that two servers in one process
     *               (standalone's broker and coordinator) keep apart
     */
    public RequestMetrics(MeterRegistry registry, String server) {
        this.registry = registry;
        this.server = server;
        this.bytesIn = Counter.builder(BYTES_IN).description(BYTES_IN_HELP).baseUnit("bytes").tag(TAG_SERVER, server)
                .register(registry);
        this.bytesOut = Counter.builder(BYTES_OUT).description(BYTES_OUT_HELP).baseUnit("bytes").tag(TAG_SERVER, server)
                .register(registry);
        Gauge.builder(CONNECTIONS, connections, AtomicInteger::get).description(CONNECTIONS_HELP).tag(TAG_SERVER, server)
                .register(registry);
        for (FrameRejection reason : FrameRejection.values()) {
            rejectedFrames.put(reason, Counter.builder(REJECTED_FRAMES).description(REJECTED_FRAMES_HELP)
                    .tag(TAG_REASON, reason.tag()).tag(TAG_SERVER, server).register(registry));
        }
    }

    public void requestReceived(ApiKeys key) {
        requests.computeIfAbsent(key, k -> Counter.builder(REQUESTS).description(REQUESTS_HELP)
                .tag(TAG_API, k.name).tag(TAG_SERVER, server).register(registry)).increment();
    }

    public void responseReady(ApiKeys key, Duration latency, Map<Errors, Integer> errorCounts) {
        latencies.computeIfAbsent(key, k -> Timer.builder(REQUEST_LATENCY).description(REQUEST_LATENCY_HELP)
                .tag(TAG_API, k.name).tag(TAG_SERVER, server).publishPercentileHistogram().register(registry)).record(latency);
        errorCounts.forEach((error, count) -> {
            if (error != Errors.NONE && count > 0) {
                // rare enough that the registry's own lookup is cheaper than a cache per (api, error)
                Counter.builder(REQUEST_ERRORS).description(REQUEST_ERRORS_HELP)
                        .tag(TAG_API, key.name).tag(TAG_ERROR, error.name()).tag(TAG_SERVER, server)
                        .register(registry).increment(count);
            }
        });
    }

    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    public void bytesOut(long bytes) {
        bytesOut.increment(bytes);
    }

    public void frameRejected(FrameRejection reason) {
        rejectedFrames.get(reason).increment();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }
}

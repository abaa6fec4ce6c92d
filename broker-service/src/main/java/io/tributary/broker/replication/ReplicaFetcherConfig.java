package io.tributary.broker.replication;

import java.time.Duration;

import org.springframework.core.env.PropertyResolver;

import io.tributary.node.config.Settings;

/**
 * How followers fetch, under Kafka's broker property names and defaults.
 *
 * @param fetchMaxBytes         bytes asked per partition ({@code replica.fetch.max.bytes}, 1 MiB); the first batch may
 *                              exceed it, as for consumers
 * @param responseMaxBytes      bytes asked per fetch ({@code replica.fetch.response.max.bytes}, 10 MiB)
 * @param fetchWaitMax          how long the leader may hold a fetch for {@code fetchMinBytes}
 *                              ({@code replica.fetch.wait.max.ms}, 500 ms)
 * @param fetchMinBytes         bytes the leader waits for ({@code replica.fetch.min.bytes}, 1)
 * @param fetchBackoff          pause after an error before a partition, or a lost leader, is tried again
 *                              ({@code replica.fetch.backoff.ms}, 1 s)
 * @param socketTimeout         how long a fetch may go unanswered before the connection is dropped
 *                              ({@code replica.socket.timeout.ms}, 30 s)
 */
public record ReplicaFetcherConfig(int fetchMaxBytes, int responseMaxBytes, Duration fetchWaitMax, int fetchMinBytes,
                                   Duration fetchBackoff, Duration socketTimeout) {

    /**
     * Room above {@code responseMaxBytes} for a response frame: a partition's first batch may be as large as a topic's
     * {@code max.message.bytes} allows. A frame above that bound is refused before it is read.
     */
    static final int LARGEST_BATCH_ALLOWANCE = 64 * 1024 * 1024;

    public static final ReplicaFetcherConfig DEFAULTS = new ReplicaFetcherConfig(1024 * 1024, 10 * 1024 * 1024,
            Duration.ofMillis(500), 1, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public static ReplicaFetcherConfig from(PropertyResolver env) {
        ReplicaFetcherConfig defaults = DEFAULTS;
        return new ReplicaFetcherConfig(
                Settings.positive(env, "replica.fetch.max.bytes", defaults.fetchMaxBytes()),
                Settings.positive(env, "replica.fetch.response.max.bytes", defaults.responseMaxBytes()),
                Duration.ofMillis(Settings.positiveLong(env, "replica.fetch.wait.max.ms", defaults.fetchWaitMax().toMillis())),
                Settings.positive(env, "replica.fetch.min.bytes", defaults.fetchMinBytes()),
                Duration.ofMillis(Settings.positiveLong(env, "replica.fetch.backoff.ms", defaults.fetchBackoff().toMillis())),
                Duration.ofMillis(Settings.positiveLong(env, "replica.socket.timeout.ms", defaults.socketTimeout().toMillis())));
    }

    /** The largest response frame a fetcher reads. */
    int maxResponseFrameBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) responseMaxBytes + LARGEST_BATCH_ALLOWANCE);
    }
}

package io.tributary.coordinator.group;

import java.time.Duration;

import io.tributary.coordinator.config.CoordinatorConfig;

/**
 * The settings the group coordinator needs, under Kafka's names.
 *
 * @param initialRebalanceDelay  {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an Empty
 *                               group waits for more members (extended per new joiner, up to the rebalance timeout)
 * @param minSessionTimeout      {@code group.min.session.timeout.ms}
 * @param maxSessionTimeout      {@code group.max.session.timeout.ms}
 * @param maxSize                {@code group.max.size}
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}
 * @param offsetsRetention       {@code offsets.retention.minutes}
 */
public record GroupConfig(Duration initialRebalanceDelay, Duration minSessionTimeout, Duration maxSessionTimeout,
                          int maxSize, int offsetMetadataMaxBytes, Duration offsetsRetention) {

    /** Kafka's defaults. */
    public static GroupConfig defaults() {
        return new GroupConfig(Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofMinutes(30),
                Integer.MAX_VALUE, 4096, Duration.ofDays(7));
    }

    public static GroupConfig from(CoordinatorConfig config) {
        return new GroupConfig(config.groupInitialRebalanceDelay(), config.groupMinSessionTimeout(),
                config.groupMaxSessionTimeout(), config.groupMaxSize(), config.offsetMetadataMaxBytes(),
                config.offsetsRetention());
    }

    public GroupConfig withInitialRebalanceDelay(Duration delay) {
        return new GroupConfig(delay, minSessionTimeout, maxSessionTimeout, maxSize, offsetMetadataMaxBytes, offsetsRetention);
    }

    public GroupConfig withMaxSize(int size) {
        return new GroupConfig(initialRebalanceDelay, minSessionTimeout, maxSessionTimeout, size, offsetMetadataMaxBytes, offsetsRetention);
    }
}

package io.tributary.admin.lag;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How lag is measured, under {@code tributary.admin.lag}.
 *
 * @param readers consumers (and threads) that read record timestamps at committed offsets; bounds what lag requests
 *        can cost the cluster at once
 * @param readTimeout how long reading the records at committed offsets may take, for all of one request's partitions
 *        together: reads not done by then are cancelled and their ages reported unknown
 * @param rateWindow how far back committed-offset samples are kept to compute consume rates
 * @param samplesPerPartition samples kept per group and partition within the window
 * @param trackedPartitions group partitions whose samples are kept; the least recently asked are forgotten first
 * @param maxPartitions the most partitions one lag request measures; a group consuming more is refused with 422
 */
@ConfigurationProperties("tributary.admin.lag")
public record LagProperties(
        @DefaultValue("4") int readers,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("10m") Duration rateWindow,
        @DefaultValue("16") int samplesPerPartition,
        @DefaultValue("100000") int trackedPartitions,
        @DefaultValue("10000") int maxPartitions) {

    public LagProperties {
        requirePositive("readers", readers);
        requirePositive("samples-per-partition", samplesPerPartition);
        requirePositive("tracked-partitions", trackedPartitions);
        requirePositive("max-partitions", maxPartitions);
        if (readTimeout.isNegative() || readTimeout.isZero() || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("tributary.admin.lag read-timeout and rate-window must be positive");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("tributary.admin.lag." + name + " must be at least 1, not " + value);
        }
    }
}

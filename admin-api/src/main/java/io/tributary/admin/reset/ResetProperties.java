package io.tributary.admin.reset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of offset resets, under {@code tributary.admin.reset}.
 *
 * @param maxPartitions most partitions one plan or reset may cover (a request naming more is refused before
 *        anything is asked of the cluster)
 * @param writeAttempts how many times a forced reset removes the live members and writes, when members rejoin
 *        between their removal and the write
 */
@ConfigurationProperties("tributary.admin.reset")
public record ResetProperties(
        @DefaultValue("10000") int maxPartitions,
        @DefaultValue("5") int writeAttempts) {
}

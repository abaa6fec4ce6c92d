package io.tributary.admin.lag;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Totals and maxima over partitions' lags. Partitions without a commit count in no total. The catch-up estimate of
 * several partitions is the slowest one's, and unknown if any lagging partition's is unknown.
 */
record LagTotals(
        long totalLag,
        PartitionLagResource maxLag,
        PartitionLagResource maxLagSeconds,
        Double consumeRate,
        Double estimatedCatchUpSeconds,
        int withoutCommit,
        int belowLogStart) {

    static LagTotals of(List<PartitionLagResource> partitions) {
        long total = partitions.stream().map(PartitionLagResource::lag).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sum();
        PartitionLagResource maxLag = partitions.stream().filter(p -> p.lag() != null && p.lag() > 0)
                .max(Comparator.comparingLong(PartitionLagResource::lag)).orElse(null);
        PartitionLagResource maxSeconds = partitions.stream().filter(p -> p.lagSeconds() != null)
                .max(Comparator.comparingDouble(PartitionLagResource::lagSeconds)).orElse(null);
        List<Double> rates = partitions.stream().map(PartitionLagResource::consumeRate).filter(Objects::nonNull)
                .toList();
        Double rate = rates.isEmpty() ? null : rates.stream().mapToDouble(Double::doubleValue).sum();
        return new LagTotals(total, maxLag, maxSeconds, rate, catchUp(partitions),
                (int) partitions.stream().filter(p -> p.committedOffset() == null).count(),
                (int) partitions.stream().filter(PartitionLagResource::commitBelowLogStart).count());
    }

    private static Double catchUp(List<PartitionLagResource> partitions) {
        double slowest = 0;
        for (PartitionLagResource partition : partitions) {
            if (partition.lag() == null || partition.lag() == 0) {
                continue;
            }
            if (partition.estimatedCatchUpSeconds() == null) {
                return null;
            }
            slowest = Math.max(slowest, partition.estimatedCatchUpSeconds());
        }
        return slowest;
    }
}

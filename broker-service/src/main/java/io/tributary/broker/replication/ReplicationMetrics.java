package io.tributary.broker.replication;

import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.partition.Partition;

/**
 * The catalog of the leader side's replication meters, Kafka's {@code UnderReplicatedPartitions},
 * {@code UnderMinIsrPartitionCount}, {@code IsrShrinksPerSec}, {@code IsrExpandsPerSec} and a leader-side view of
 * {@code MaxLag}, over every partition this broker leads:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@value #UNDER_REPLICATED}</td><td>gauge</td><td>{@value #UNDER_REPLICATED_HELP}</td></tr>
 * <tr><td>{@value #UNDER_MIN_ISR}</td><td>gauge</td><td>{@value #UNDER_MIN_ISR_HELP}</td></tr>
 * <tr><td>{@value #ISR_SHRINKS}</td><td>counter</td><td>{@value #ISR_SHRINKS_HELP}</td></tr>
 * <tr><td>{@value #ISR_EXPANDS}</td><td>counter</td><td>{@value #ISR_EXPANDS_HELP}</td></tr>
 * <tr><td>{@value #MAX_LAG}</td><td>gauge</td><td>{@value #MAX_LAG_HELP}</td></tr>
 * </table>
 */
final class ReplicationMetrics {

    static final String UNDER_REPLICATED = "tributary.partitions.under.replicated";
    static final String UNDER_REPLICATED_HELP = "Partitions led by this broker with fewer in-sync replicas than "
            + "assigned replicas";
    static final String UNDER_MIN_ISR = "tributary.partitions.under.min.isr";
    static final String UNDER_MIN_ISR_HELP = "Partitions led by this broker with fewer in-sync replicas than "
            + "min.insync.replicas (capped at the replication factor): acks=all writes are refused";
    static final String ISR_SHRINKS = "tributary.isr.shrinks";
    static final String ISR_SHRINKS_HELP = "ISR changes written by this broker as leader that dropped lagging followers";
    static final String ISR_EXPANDS = "tributary.isr.expands";
    static final String ISR_EXPANDS_HELP = "ISR changes written by this broker as leader that added a caught-up follower";
    static final String MAX_LAG = "tributary.replica.max.lag";
    static final String MAX_LAG_HELP = "Largest number of offsets a follower of a partition led by this broker is "
            + "behind the leader's log end, over the followers that fetched since the leader took over";

    final Counter shrinks;
    final Counter expands;

    /** @param led the partitions led now; the gauges hold on to it (a method reference would be collected) */
    ReplicationMetrics(MeterRegistry registry, Supplier<Collection<LeaderTerm>> led) {
        Gauge.builder(UNDER_REPLICATED, led, terms -> count(terms.get(), Partition::isUnderReplicated))
                .description(UNDER_REPLICATED_HELP).strongReference(true).register(registry);
        Gauge.builder(UNDER_MIN_ISR, led, terms -> count(terms.get(), Partition::isUnderMinIsr))
                .description(UNDER_MIN_ISR_HELP).strongReference(true).register(registry);
        Gauge.builder(MAX_LAG, led, terms -> terms.get().stream().mapToLong(LeaderTerm::maxLag).max().orElse(0))
                .description(MAX_LAG_HELP).strongReference(true).register(registry);
        shrinks = Counter.builder(ISR_SHRINKS).description(ISR_SHRINKS_HELP).register(registry);
        expands = Counter.builder(ISR_EXPANDS).description(ISR_EXPANDS_HELP).register(registry);
    }

    private static long count(Collection<LeaderTerm> terms, Predicate<Partition> test) {
        return terms.stream().map(LeaderTerm::partition).filter(test).count();
    }
}

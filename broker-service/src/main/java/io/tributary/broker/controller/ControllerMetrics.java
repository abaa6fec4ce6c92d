package io.tributary.broker.controller;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.metadata.controller.PartitionController;

/**
 * The catalog of the controller's meters, Kafka's {@code kafka.controller} metrics of the same meaning. All but the
 * first read 0 on a broker that is not the active controller, as in Kafka.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>meaning</th></tr>
 * <tr><td>{@value #ACTIVE}</td><td>gauge</td><td>{@value #ACTIVE_HELP}</td></tr>
 * <tr><td>{@value #OFFLINE}</td><td>gauge</td><td>{@value #OFFLINE_HELP}</td></tr>
 * <tr><td>{@value #IMBALANCE}</td><td>gauge</td><td>{@value #IMBALANCE_HELP}</td></tr>
 * <tr><td>{@value #UNCLEAN}</td><td>counter</td><td>{@value #UNCLEAN_HELP}</td></tr>
 * </table>
 */
public final class ControllerMetrics {

    static final String ACTIVE = "tributary.controller.active";
    static final String ACTIVE_HELP = "1 while this broker is the active controller, else 0 (ActiveControllerCount)";
    static final String OFFLINE = "tributary.controller.offline.partitions";
    static final String OFFLINE_HELP = "Partitions without a live leader (OfflinePartitionsCount)";
    static final String IMBALANCE = "tributary.controller.preferred.replica.imbalance";
    static final String IMBALANCE_HELP = "Partitions not led by their preferred replica (PreferredReplicaImbalanceCount)";
    static final String UNCLEAN = "tributary.controller.unclean.leader.elections";
    static final String UNCLEAN_HELP = "Unclean leader elections this broker made as controller: each may have lost "
            + "records (UncleanLeaderElectionsPerSec)";

    private ControllerMetrics() {
    }

    public static void register(MeterRegistry registry, PartitionController controller) {
        Gauge.builder(ACTIVE, controller, c -> c.isActive() ? 1 : 0).description(ACTIVE_HELP).register(registry);
        Gauge.builder(OFFLINE, controller, PartitionController::offlinePartitionCount).description(OFFLINE_HELP)
                .register(registry);
        Gauge.builder(IMBALANCE, controller, PartitionController::preferredReplicaImbalanceCount)
                .description(IMBALANCE_HELP).register(registry);
        FunctionCounter.builder(UNCLEAN, controller, PartitionController::uncleanElectionCount)
                .description(UNCLEAN_HELP).register(registry);
    }
}

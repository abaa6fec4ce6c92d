package io.tributary.metadata.controller;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How the controller moves leadership, under Kafka's broker setting names.
 *
 * @param autoLeaderRebalance          {@code auto.leader.rebalance.enable}: whether leadership moves back to preferred
 *                                     replicas on its own
 * @param imbalanceCheckInterval       {@code leader.imbalance.check.interval.seconds}
 * @param imbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage}: the share of a broker's
 *                                     preferred partitions led elsewhere above which they are moved back
 * @param uncleanAllowed               whether a topic, given its config overrides, allows unclean leader election
 *                                     ({@code unclean.leader.election.enable}, topic config over broker default)
 */
public record ControllerSettings(boolean autoLeaderRebalance, Duration imbalanceCheckInterval,
                                 int imbalancePerBrokerPercentage, Predicate<Map<String, String>> uncleanAllowed) {

    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    /** Kafka's defaults, with unclean election decided by the topic override alone (false without one). */
    public static final ControllerSettings KAFKA = new ControllerSettings(true, Duration.ofSeconds(300), 10,
            configs -> Boolean.parseBoolean(configs.getOrDefault(UNCLEAN_LEADER_ELECTION_ENABLE, "false")));

    public ControllerSettings {
        if (imbalanceCheckInterval.isNegative() || imbalanceCheckInterval.isZero()) {
            throw new IllegalArgumentException("leader.imbalance.check.interval.seconds must be positive");
        }
        if (imbalancePerBrokerPercentage < 0 || imbalancePerBrokerPercentage > 100) {
            throw new IllegalArgumentException("leader.imbalance.per.broker.percentage must be between 0 and 100, got "
                    + imbalancePerBrokerPercentage);
        }
    }
}

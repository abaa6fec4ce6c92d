package io.tributary.broker.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.core.env.PropertyResolver;

import io.tributary.metadata.controller.ControllerSettings;
import io.tributary.node.config.Settings;
import io.tributary.node.topic.TopicConfigSchema;
import io.tributary.node.topic.TopicConfigValues;

/**
 * How this broker acts as controller and how it shuts down, under Kafka's broker property names.
 *
 * @param autoLeaderRebalance          {@code auto.leader.rebalance.enable} (true)
 * @param imbalanceCheckInterval       {@code leader.imbalance.check.interval.seconds} (300)
 * @param imbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage} (10)
 * @param controlledShutdown           {@code controlled.shutdown.enable} (true): whether closing first moves this
 *                                     broker's leaderships to other replicas
 * @param controlledShutdownTimeout    {@code controlled.shutdown.timeout.ms} (30000, Tributary's): how long closing
 *                                     waits for that before it goes on regardless (Kafka bounds it with
 *                                     {@code controlled.shutdown.max.retries} instead)
 */
public record ControllerConfig(boolean autoLeaderRebalance, Duration imbalanceCheckInterval,
                               int imbalancePerBrokerPercentage, boolean controlledShutdown,
                               Duration controlledShutdownTimeout) {

    public static ControllerConfig from(PropertyResolver env) {
        int percentage = env.getProperty("leader.imbalance.per.broker.percentage", Integer.class, 10);
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("leader.imbalance.per.broker.percentage must be between 0 and 100, got "
                    + percentage);
        }
        return new ControllerConfig(
                env.getProperty("auto.leader.rebalance.enable", Boolean.class, true),
                Duration.ofSeconds(Settings.positiveLong(env, "leader.imbalance.check.interval.seconds", 300L)),
                percentage,
                env.getProperty("controlled.shutdown.enable", Boolean.class, true),
                Duration.ofMillis(Settings.nonNegative(env, "controlled.shutdown.timeout.ms", 30_000L)));
    }

    /**
     * The controller's settings; unclean election is the topic's {@code unclean.leader.election.enable}, whose default
     * is the broker's setting of the same name (in {@code topicConfigs}).
     */
    public ControllerSettings settings(TopicConfigSchema topicConfigs) {
        return new ControllerSettings(autoLeaderRebalance, imbalanceCheckInterval, imbalancePerBrokerPercentage,
                overrides -> uncleanAllowed(topicConfigs, overrides));
    }

    private static boolean uncleanAllowed(TopicConfigSchema topicConfigs, Map<String, String> overrides) {
        TopicConfigValues values = topicConfigs.parse(overrides);
        return values.getBoolean(ControllerSettings.UNCLEAN_LEADER_ELECTION_ENABLE);
    }
}

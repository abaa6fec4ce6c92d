package io.tributary.spring.autoconfigure.listener.health;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.tributary.lag.LagReading;
import io.tributary.lag.LagUnavailableException;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;

/**
 * One listener's health: DOWN when its container is not running (stopped after a fatal error or through the
 * registry), OUT_OF_SERVICE when the oldest record it has not consumed is older than the threshold, UP otherwise;
 * a paused listener is UP until its lag passes the threshold. Details: the lag of each assigned partition.
 */
final class ListenerHealthIndicator implements HealthIndicator {

    private final MessageListenerContainer container;
    private final ListenerLag lag;
    private final Duration maxLag;

    /**
     * @param maxLag the lag in seconds above which the listener is OUT_OF_SERVICE; null: lag does not affect health
     */
    ListenerHealthIndicator(MessageListenerContainer container, ListenerLag lag, Duration maxLag) {
        this.container = container;
        this.lag = lag;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("groupId", container.getGroupId());
        if (maxLag != null) {
            health.withDetail("maxLagSeconds", maxLag.toMillis() / 1000.0);
        }
        if (!container.isRunning()) {
            return health.down().withDetail("running", false).build();
        }
        health.withDetail("running", true).withDetail("paused", container.isPauseRequested());
        if (container.getAssignedPartitions().isEmpty()) {
            return health.build();
        }
        Map<TopicPartition, LagReading> lags;
        try {
            lags = lag.of(container);
        } catch (LagUnavailableException e) {
            // the cluster not answering is the cluster's health, not this listener's
            return health.withDetail("lagError", e.getMessage()).build();
        }
        Map<String, Map<String, Object>> partitions = new TreeMap<>();
        double oldest = 0;
        for (Map.Entry<TopicPartition, LagReading> entry : lags.entrySet()) {
            LagReading reading = entry.getValue();
            Map<String, Object> detail = new TreeMap<>();
            detail.put("lag", reading.lag());
            detail.put("lagSeconds", reading.lagSeconds());
            partitions.put(entry.getKey().toString(), detail);
            if (reading.lagSeconds() != null) {
                oldest = Math.max(oldest, reading.lagSeconds());
            }
        }
        health.withDetail("lagSeconds", oldest).withDetail("partitions", partitions);
        if (maxLag != null && oldest * 1000 > maxLag.toMillis()) {
            health.outOfService();
        }
        return health.build();
    }
}

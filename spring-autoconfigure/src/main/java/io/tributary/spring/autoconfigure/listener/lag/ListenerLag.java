package io.tributary.spring.autoconfigure.listener.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.tributary.lag.GroupLagReader;
import io.tributary.lag.LagReading;
import io.tributary.lag.LagUnavailableException;
import io.tributary.lag.RecordTimestamps;

/**
 * A listener's lag on the partitions it is assigned, measured by consumer-lag exactly as the admin API measures a
 * group's {@code lag_seconds}, and kept for {@code tributary.consumer.health.lag-cache-time} so that health polls
 * and endpoint reads do not each ask the cluster. A changed assignment is read afresh.
 *
 * <p>A partition the listener's group never committed counts from the log start: that is where a listener with
 * auto.offset.reset=earliest starts, and spring-kafka commits the position of one with latest on assignment.
 */
public final class ListenerLag implements AutoCloseable {

    private final ListenerAdmin admin;
    private final RecordTimestamps timestamps;
    private final Duration timeout;
    private final Duration cacheTime;
    private final Clock clock;
    private final Map<String, Reading> cache = new ConcurrentHashMap<>();
    private GroupLagReader reader;

    /**
     * @param timeout how long each offset lookup may take; the record reads share one deadline of the same length
     */
    public ListenerLag(ListenerAdmin admin, RecordTimestamps timestamps, Duration timeout, Duration cacheTime,
                       Clock clock) {
        this.admin = admin;
        this.timestamps = timestamps;
        this.timeout = timeout;
        this.cacheTime = cacheTime;
        this.clock = clock;
    }

    /**
     * The lag of {@code container}'s group on each partition the container is assigned now.
     *
     * @throws LagUnavailableException when the cluster did not answer in time
     */
    public Map<TopicPartition, LagReading> of(MessageListenerContainer container) {
        String id = container.getListenerId();
        if (container.getGroupId() == null) {
            throw new LagUnavailableException("Listener " + id + " has no consumer group: it commits no offsets to "
                    + "measure its lag from", null);
        }
        Set<TopicPartition> assigned = new HashSet<>(container.getAssignedPartitions());
        long now = clock.millis();
        Reading cached = cache.get(id);
        if (cached != null && cached.partitions.equals(assigned) && now - cached.readAtMs < cacheTime.toMillis()) {
            return cached.lags;
        }
        Map<TopicPartition, LagReading> lags = reader().read(container.getGroupId(), assigned,
                GroupLagReader.Uncommitted.FROM_LOG_START);
        cache.put(id, new Reading(now, assigned, lags));
        return lags;
    }

    /** Forgets what was read for {@code listenerId}, after an operation that changed its positions. */
    public void forget(String listenerId) {
        cache.remove(listenerId);
    }

    private synchronized GroupLagReader reader() {
        if (reader == null) {
            reader = new GroupLagReader(admin.get(), timestamps, timeout, clock);
        }
        return reader;
    }

    @Override
    public void close() {
        timestamps.close();
    }

    private record Reading(long readAtMs, Set<TopicPartition> partitions, Map<TopicPartition, LagReading> lags) {
    }
}

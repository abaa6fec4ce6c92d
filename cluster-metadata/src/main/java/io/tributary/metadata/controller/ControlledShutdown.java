package io.tributary.metadata.controller;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.MetadataListener;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.zk.CacheSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A broker's side of a controlled shutdown: it announces it in its registration ({@link BrokerRegistration#shuttingDown}),
 * which the controller answers by moving its leaderships to other ISR members ({@link LeaderRules#reconcile}), and
 * waits, woken by cache events, until it leads no partition that another replica could lead. Partitions it alone can
 * lead (sole replicas, or no other live ISR member) stay with it: moving them would only make them offline sooner.
 */
public final class ControlledShutdown {

    private ControlledShutdown() {
    }

    /**
     * Marks {@code registration}'s broker as shutting down and waits until its leaderships have moved.
     *
     * @return the partitions it still leads that another replica could lead: empty unless the timeout passed first
     */
    public static List<PartitionId> shutDown(ClusterMetadata metadata, BrokerRegistration registration, Duration timeout) {
        CacheSignal signal = new CacheSignal();
        MetadataListener wake = new MetadataListener() {
            @Override
            public void onTopicChanged(TopicMetadata topic) {
                signal.changed();
            }

            @Override
            public void onBrokersChanged(List<BrokerRegistration> liveBrokers) {
                signal.changed();
            }
        };
        metadata.addListener(wake);
        try {
            metadata.registerBroker(registration.shuttingDownNow());
            signal.await(() -> movable(metadata, registration.id()).isEmpty(), timeout);
            return movable(metadata, registration.id());
        } finally {
            metadata.removeListener(wake);
        }
    }

    /** The partitions {@code brokerId} leads whose leadership the controller would move to another replica. */
    public static List<PartitionId> movable(ClusterMetadata metadata, int brokerId) {
        BrokerStates brokers = BrokerStates.of(metadata.liveBrokers());
        List<PartitionId> remaining = new ArrayList<>();
        for (TopicMetadata topic : metadata.topics().values()) {
            for (Map.Entry<Integer, PartitionState> partition : topic.partitions().entrySet()) {
                PartitionState state = partition.getValue();
                List<Integer> replicas = topic.assignment().replicas().get(partition.getKey());
                if (state.leader() != brokerId || replicas == null) {
                    continue;
                }
                Optional<LeaderRules.Decision> decision = LeaderRules.reconcile(replicas, state, brokers, false, 0);
                if (decision.isPresent() && decision.get().next().leader() != brokerId) {
                    remaining.add(new PartitionId(topic.name(), partition.getKey()));
                }
            }
        }
        return remaining;
    }
}

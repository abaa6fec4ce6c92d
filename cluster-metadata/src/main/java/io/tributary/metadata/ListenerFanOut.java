package io.tributary.metadata;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers each cache event to every registered listener; one failing listener must not starve the others. */
final class ListenerFanOut implements MetadataListener {

    private static final Logger log = LoggerFactory.getLogger(ListenerFanOut.class);

    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();

    void add(MetadataListener listener) {
        listeners.add(listener);
    }

    void remove(MetadataListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onTopicChanged(TopicMetadata topic) {
        each(l -> l.onTopicChanged(topic), "topic " + topic.name() + " changed");
    }

    @Override
    public void onTopicDeleted(String name) {
        each(l -> l.onTopicDeleted(name), "topic " + name + " deleted");
    }

    @Override
    public void onBrokersChanged(List<BrokerRegistration> liveBrokers) {
        each(l -> l.onBrokersChanged(liveBrokers), "brokers changed");
    }

    @Override
    public void onCoordinatorsChanged(List<CoordinatorRegistration> liveCoordinators) {
        each(l -> l.onCoordinatorsChanged(liveCoordinators), "coordinators changed");
    }

    @Override
    public void onOffsetsOwnersChanged(Map<Integer, Integer> owners) {
        each(l -> l.onOffsetsOwnersChanged(owners), "__consumer_offsets owners changed");
    }

    private void each(Consumer<MetadataListener> call, String event) {
        for (MetadataListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.error("Metadata listener {} failed on {}", listener, event, e);
            }
        }
    }
}

package io.tributary.node.api;

import java.util.Map;

import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.node.admin.TopicAdministration;

/**
 * What Metadata does with a topic it does not know and the client allows to be created: the broker creates it with
 * the defaults when {@code auto.create.topics.enable} is true; a coordinator, or a broker with it false, does not.
 */
@FunctionalInterface
public interface TopicAutoCreation {

    /**
     * Tries to create {@code topic}.
     *
     * @return the error the Metadata response gives the topic: LEADER_NOT_AVAILABLE once created (the client
     *         retries), UNKNOWN_TOPIC_OR_PARTITION when nothing is created, or the creation's own error
     */
    Errors create(String topic);

    /** Creates nothing. */
    static TopicAutoCreation disabled() {
        return topic -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    /** Creates the topic with the default partitions, replication factor and configs. */
    static TopicAutoCreation using(TopicAdministration admin) {
        Logger log = LoggerFactory.getLogger(TopicAutoCreation.class);
        return topic -> {
            try {
                admin.create(topic, -1, (short) -1, Map.of(), Map.of(), false);
                log.info("Created topic {} on first use (auto.create.topics.enable=true)", topic);
                return Errors.LEADER_NOT_AVAILABLE;
            } catch (RuntimeException e) {
                Errors error = Errors.forException(e);
                return error == Errors.TOPIC_ALREADY_EXISTS ? Errors.LEADER_NOT_AVAILABLE : error;
            }
        };
    }
}

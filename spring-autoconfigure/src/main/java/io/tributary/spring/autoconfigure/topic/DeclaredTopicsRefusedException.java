package io.tributary.spring.autoconfigure.topic;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster refused one or more topics the application declares as {@code NewTopic} beans: the start-up fails,
 * naming each topic with Kafka's reason.
 */
public class DeclaredTopicsRefusedException extends IllegalStateException {

    private final Map<String, String> reasons;

    DeclaredTopicsRefusedException(Map<String, String> reasons) {
        super("Tributary refused " + reasons.size() + " declared topic(s): " + reasons.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.reasons = Map.copyOf(reasons);
    }

    /** Kafka's reason for each refused topic, by topic name. */
    public Map<String, String> reasons() {
        return reasons;
    }
}

package io.tributary.spring.autoconfigure.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Brings the cluster in line with the declared topics, as spring-kafka's KafkaAdmin does: a missing topic is
 * created, one with fewer partitions than declared gets more, and partitions are never removed (Kafka cannot), so a
 * topic that has more than declared is refused. Existing topics' configs are left as they are. Unlike KafkaAdmin,
 * every refusal is collected with the topic's name and Kafka's reason instead of only the first one or a log line,
 * and one deadline covers the whole round.
 */
final class DeclaredTopicsCreator {

    /** What one round did; {@code refused} maps a topic to Kafka's reason. */
    record Outcome(List<String> created, List<String> raised, Map<String, String> refused) {
    }

    /** The cluster did not answer before the deadline. */
    static final class ClusterUnavailableException extends Exception {
        ClusterUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Admin admin;
    private final long deadlineNanos;

    DeclaredTopicsCreator(Admin admin, Duration timeout) {
        this.admin = admin;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    Outcome apply(Collection<NewTopic> declared) throws ClusterUnavailableException, InterruptedException {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        declared.forEach(topic -> byName.put(topic.name(), topic));
        Map<String, String> refused = new LinkedHashMap<>();
        Map<String, Integer> existing = describe(byName.keySet(), refused);

        List<NewTopic> missing = byName.values().stream()
                .filter(t -> !existing.containsKey(t.name()) && !refused.containsKey(t.name())).toList();
        List<String> created = create(missing, refused);

        Map<String, NewPartitions> raise = new LinkedHashMap<>();
        existing.forEach((name, partitions) -> {
            int wanted = byName.get(name).numPartitions();
            if (wanted > partitions) {
                raise.put(name, NewPartitions.increaseTo(wanted));
            } else if (wanted >= 0 && wanted < partitions) {
                refused.put(name, "it has " + partitions + " partitions, more than the " + wanted
                        + " declared, and partitions are never removed");
            }
        });
        List<String> raised = raise(raise, refused);
        return new Outcome(created, raised, refused);
    }

    private Map<String, Integer> describe(Collection<String> names, Map<String, String> refused)
            throws ClusterUnavailableException, InterruptedException {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        var results = admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(remainingMillis()))
                .topicNameValues();
        for (String name : names) {
            try {
                partitions.put(name, await(results.get(name)).partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    refused.put(name, reason(e));
                }
            }
        }
        return partitions;
    }

    private List<String> create(List<NewTopic> topics, Map<String, String> refused)
            throws ClusterUnavailableException, InterruptedException {
        List<String> created = new ArrayList<>();
        if (topics.isEmpty()) {
            return created;
        }
        var results = admin.createTopics(topics, new CreateTopicsOptions().timeoutMs(remainingMillis())).values();
        for (NewTopic topic : topics) {
            try {
                await(results.get(topic.name()));
                created.add(topic.name());
            } catch (ExecutionException e) {
                // another instance of the application created it first
                if (!(e.getCause() instanceof TopicExistsException)) {
                    refused.put(topic.name(), reason(e));
                }
            }
        }
        return created;
    }

    private List<String> raise(Map<String, NewPartitions> counts, Map<String, String> refused)
            throws ClusterUnavailableException, InterruptedException {
        List<String> raised = new ArrayList<>();
        if (counts.isEmpty()) {
            return raised;
        }
        var results = admin.createPartitions(counts, new CreatePartitionsOptions().timeoutMs(remainingMillis()))
                .values();
        for (var entry : counts.entrySet()) {
            try {
                await(results.get(entry.getKey()));
                raised.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InvalidPartitionsException
                        && raisedMeanwhile(entry.getKey(), entry.getValue().totalCount()))) {
                    refused.put(entry.getKey(), reason(e));
                }
            }
        }
        return raised;
    }

    /** Another instance of the application may have raised the count first; Kafka then refuses ours as invalid. */
    private boolean raisedMeanwhile(String topic, int wanted) throws ClusterUnavailableException, InterruptedException {
        try {
            var result = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(remainingMillis()))
                    .topicNameValues().get(topic);
            return await(result).partitions().size() >= wanted;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private <T> T await(KafkaFuture<T> future)
            throws ExecutionException, ClusterUnavailableException, InterruptedException {
        try {
            return future.get(remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClusterUnavailableException("no answer before the deadline", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
                throw new ClusterUnavailableException(timeout.getMessage(), timeout);
            }
            throw e;
        }
    }

    private int remainingMillis() {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
    }

    private static String reason(ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

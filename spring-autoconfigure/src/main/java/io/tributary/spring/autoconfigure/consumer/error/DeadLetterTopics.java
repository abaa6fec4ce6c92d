package io.tributary.spring.autoconfigure.consumer.error;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.spring.autoconfigure.topic.DeclaredTopicsCreator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes sure a dead-letter topic has the partition a failed record goes to (the one it came from) before the record
 * is published: brokers do not create topics on first use by default, and a source topic may gain partitions while
 * the application runs. A dead-letter topic is created, or raised, to its source topic's count; the count is kept,
 * and the cluster is asked again only for a record from a partition past it. The admin client is only opened when
 * the first record fails.
 */
final class DeadLetterTopics implements AutoCloseable {

    private static final Log log = LogFactory.getLog(DeadLetterTopics.class);

    /** How long one check, creation or partition increase may take before the record's recovery fails (and is retried). */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> adminConfig;
    private final Map<String, Integer> knownPartitions = new ConcurrentHashMap<>();
    private Admin admin;

    DeadLetterTopics(Map<String, Object> adminConfig) {
        this.adminConfig = Map.copyOf(adminConfig);
    }

    /** Returns once {@code deadLetterTopic} exists with {@code partition} and as many partitions as {@code sourceTopic}. */
    void ensure(String sourceTopic, String deadLetterTopic, int partition) {
        if (partition < knownPartitions.getOrDefault(deadLetterTopic, 0)) {
            return;
        }
        synchronized (this) {
            if (partition < knownPartitions.getOrDefault(deadLetterTopic, 0)) {
                return;
            }
            try {
                knownPartitions.put(deadLetterTopic, createOrRaise(sourceTopic, deadLetterTopic));
            }
            catch (ExecutionException e) {
                throw new KafkaException("Cannot prepare dead-letter topic " + deadLetterTopic + " for "
                        + sourceTopic + ": " + e.getCause().getMessage(), e.getCause());
            }
            catch (TimeoutException | DeclaredTopicsCreator.ClusterUnavailableException e) {
                throw new KafkaException("Cannot prepare dead-letter topic " + deadLetterTopic + " for "
                        + sourceTopic + ": no answer within " + ADMIN_TIMEOUT, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while preparing dead-letter topic " + deadLetterTopic, e);
            }
        }
    }

    /** Returns the partitions the dead-letter topic has at least: its source topic's count. */
    private int createOrRaise(String sourceTopic, String deadLetterTopic) throws ExecutionException,
            TimeoutException, DeclaredTopicsCreator.ClusterUnavailableException, InterruptedException {
        Admin client = admin();
        int sourcePartitions = partitions(client, sourceTopic);
        DeclaredTopicsCreator.Outcome outcome = new DeclaredTopicsCreator(client, ADMIN_TIMEOUT)
                .apply(List.of(new NewTopic(deadLetterTopic, Optional.of(sourcePartitions), Optional.empty())));
        String refusal = outcome.refused().get(deadLetterTopic);
        if (refusal != null) {
            throw new KafkaException("Cannot prepare dead-letter topic " + deadLetterTopic + " for " + sourceTopic
                    + ": " + refusal);
        }
        if (outcome.created().contains(deadLetterTopic)) {
            log.info("Created dead-letter topic " + deadLetterTopic + " with " + sourcePartitions
                    + " partitions, as its source topic " + sourceTopic);
        }
        else if (outcome.raised().contains(deadLetterTopic)) {
            log.info("Raised dead-letter topic " + deadLetterTopic + " to " + sourcePartitions
                    + " partitions, as its source topic " + sourceTopic);
        }
        return sourcePartitions;
    }

    private static int partitions(Admin client, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return client.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).partitions().size();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new KafkaException("Cannot prepare a dead-letter topic: source topic " + topic
                        + " does not exist", e.getCause());
            }
            throw e;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(ADMIN_TIMEOUT);
        }
    }
}

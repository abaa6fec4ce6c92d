package io.tributary.spring.autoconfigure.consumer.error;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes sure a dead-letter topic exists, with as many partitions as its source topic, before the first record is
 * published to it: a failed record goes to the partition it came from, and brokers do not create topics on first use
 * by default. Each dead-letter topic is checked once per application run; the admin client is only opened when the
 * first record fails.
 */
final class DeadLetterTopics implements AutoCloseable {

    private static final Log log = LogFactory.getLog(DeadLetterTopics.class);

    /** How long one check, creation or partition increase may take before the record's recovery fails (and is retried). */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> adminConfig;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private Admin admin;

    DeadLetterTopics(Map<String, Object> adminConfig) {
        this.adminConfig = Map.copyOf(adminConfig);
    }

    /** Returns once {@code deadLetterTopic} exists with at least as many partitions as {@code sourceTopic}. */
    void ensure(String sourceTopic, String deadLetterTopic) {
        if (ready.contains(deadLetterTopic)) {
            return;
        }
        synchronized (this) {
            if (ready.contains(deadLetterTopic)) {
                return;
            }
            try {
                create(sourceTopic, deadLetterTopic);
            }
            catch (ExecutionException e) {
                throw new KafkaException("Cannot prepare dead-letter topic " + deadLetterTopic + " for "
                        + sourceTopic + ": " + e.getCause().getMessage(), e.getCause());
            }
            catch (TimeoutException e) {
                throw new KafkaException("Cannot prepare dead-letter topic " + deadLetterTopic + " for "
                        + sourceTopic + ": no answer within " + ADMIN_TIMEOUT, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while preparing dead-letter topic " + deadLetterTopic, e);
            }
            ready.add(deadLetterTopic);
        }
    }

    private void create(String sourceTopic, String deadLetterTopic)
            throws ExecutionException, TimeoutException, InterruptedException {
        Admin client = admin();
        int sourcePartitions = partitions(client, sourceTopic).orElseThrow(
                () -> new UnknownTopicOrPartitionException("source topic " + sourceTopic + " does not exist"));
        Optional<Integer> existing = partitions(client, deadLetterTopic);
        if (existing.isEmpty()) {
            try {
                client.createTopics(List.of(new NewTopic(deadLetterTopic, Optional.of(sourcePartitions),
                        Optional.empty()))).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created dead-letter topic " + deadLetterTopic + " with " + sourcePartitions
                        + " partitions, as its source topic " + sourceTopic);
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        else if (existing.get() < sourcePartitions) {
            client.createPartitions(Map.of(deadLetterTopic, NewPartitions.increaseTo(sourcePartitions)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Raised dead-letter topic " + deadLetterTopic + " from " + existing.get() + " to "
                    + sourcePartitions + " partitions, as its source topic " + sourceTopic);
        }
    }

    private static Optional<Integer> partitions(Admin client, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            TopicDescription description = client.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(description.partitions().size());
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
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

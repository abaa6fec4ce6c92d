package io.tributary.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics over the Kafka protocol, as a user's admin client would, and waits until each partition has a
 * leader so that the first producer of a test is not told to retry.
 *
 * <p>A topic that exists with more partitions than asked is kept as it is: the cluster lives as long as the JVM, so
 * two test classes may name one topic with different counts, and which runs first must not decide whether the other
 * fails.
 */
final class TopicCreator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MS = 10;

    private final String bootstrapServers;
    private Admin admin;

    TopicCreator(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void ensure(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("A topic has at least one partition, asked for " + partitions);
        }
        Admin client = admin();
        for (String name : names) {
            ensureOne(client, name, partitions);
        }
        awaitLeaders(client, List.of(names));
    }

    private void ensureOne(Admin client, String name, int partitions) {
        try {
            client.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw refused(name, e.getCause());
            }
            int existing = describe(client, name).map(topic -> topic.partitions().size()).orElse(partitions);
            if (existing > partitions) {
                log.info("Topic '{}' already exists with {} partitions, more than the {} asked for: kept as it is",
                        name, existing, partitions);
            } else if (existing < partitions) {
                raise(client, name, partitions);
            }
        } catch (TimeoutException e) {
            throw refused(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(name, e);
        }
    }

    private void raise(Admin client, String name, int partitions) {
        try {
            client.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(name, e.getCause());
        } catch (TimeoutException e) {
            throw refused(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(name, e);
        }
    }

    private void awaitLeaders(Admin client, List<String> names) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> waiting = new ArrayList<>(names);
        while (!waiting.isEmpty()) {
            waiting.removeIf(name -> describe(client, name).map(TopicCreator::allLed).orElse(false));
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + waiting + " have partitions without a leader after "
                        + TIMEOUT.toSeconds() + " s");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the leaders of " + waiting, e);
            }
        }
    }

    private static boolean allLed(TopicDescription topic) {
        return topic.partitions().stream().map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty());
    }

    private static Optional<TopicDescription> describe(Admin client, String name) {
        try {
            return Optional.of(client.describeTopics(Set.of(name)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw refused(name, e.getCause());
        } catch (TimeoutException e) {
            throw refused(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(name, e);
        }
    }

    private static IllegalStateException refused(String topic, Throwable cause) {
        return new IllegalStateException("The embedded Tributary did not create topic '" + topic + "': "
                + cause.getMessage(), cause);
    }

    private Admin admin() {
        if (admin == null) {
            // the client id names the client's JMX beans: unique per cluster, as a JVM may run more than one
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "tributary-embedded-topics-" + bootstrapServers.replace(':', '-')));
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}

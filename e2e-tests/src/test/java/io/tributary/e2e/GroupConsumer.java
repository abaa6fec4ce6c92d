package io.tributary.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One kafka-clients 4.4.0 consumer that {@code subscribe()}s to a group and polls on its own thread, as an
 * application does. What it sees is kept for the test thread: every assignment with the generation it came with
 * (into an {@link AssignmentLog} shared by the group's members), every record delivered, and, if asked to commit
 * synchronously after each poll, every commit that succeeded and every one that failed.
 *
 * <p>The consumer is touched only by its own thread; {@link #call} runs a function there. {@link #close()} closes
 * the consumer (LeaveGroup, and the final auto-commit if enabled) and waits for the thread.
 */
final class GroupConsumer implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

    /** What one member owned in one generation, as its {@code onPartitionsAssigned} saw it. */
    record Assignment(String member, int generation, Set<TopicPartition> partitions) {
    }

    /** One record as {@code poll()} returned it, with when (System.nanoTime). */
    record Delivery(String member, TopicPartition partition, long offset, String value, long atNanos) {
    }

    /** Offsets one {@code commitSync} committed successfully, with when it returned (System.nanoTime). */
    record Commit(String member, Map<TopicPartition, Long> offsets, long atNanos) {
    }

    /** Every assignment of a group's members, in the order the callbacks ran. */
    static final class AssignmentLog {

        private final Queue<Assignment> assignments = new ConcurrentLinkedQueue<>();

        void add(Assignment assignment) {
            assignments.add(assignment);
        }

        List<Assignment> all() {
            return List.copyOf(assignments);
        }

        /**
         * Partitions owned by two members in the same generation (each member's last assignment in that generation
         * counts), described one per line; empty if there are none.
         */
        List<String> overlaps() {
            Map<Integer, Map<String, Set<TopicPartition>>> byGeneration = new HashMap<>();
            for (Assignment a : assignments) {
                byGeneration.computeIfAbsent(a.generation(), g -> new HashMap<>()).put(a.member(), a.partitions());
            }
            List<String> overlaps = new ArrayList<>();
            byGeneration.forEach((generation, members) -> {
                Map<TopicPartition, String> owner = new HashMap<>();
                members.forEach((member, partitions) -> partitions.forEach(tp -> {
                    String other = owner.putIfAbsent(tp, member);
                    if (other != null) {
                        overlaps.add("generation " + generation + ": " + tp + " owned by " + other + " and "
                                + member);
                    }
                }));
            });
            return overlaps;
        }

        @Override
        public String toString() {
            return assignments.toString();
        }
    }

    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private final AssignmentLog log;
    private final boolean commitAfterEachPoll;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final Queue<String> commitFailures = new ConcurrentLinkedQueue<>();
    private final Queue<String> pollFailures = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile Set<TopicPartition> current = Set.of();
    private volatile int generation = -1;
    private volatile boolean closing;

    private GroupConsumer(String name, Properties config, Collection<String> topics, AssignmentLog log,
            boolean commitAfterEachPoll) {
        this.name = name;
        this.log = log;
        this.commitAfterEachPoll = commitAfterEachPoll;
        Properties props = new Properties();
        props.putAll(config);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(() -> run(List.copyOf(topics)), "e2e-consumer-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a member called {@code name} (also its {@code client.id}) that subscribes to {@code topics}.
     *
     * @param commitAfterEachPoll whether to {@code commitSync} the positions of its partitions after every poll
     *                            that returned records
     */
    static GroupConsumer start(String name, Properties config, Collection<String> topics, AssignmentLog log,
            boolean commitAfterEachPoll) {
        GroupConsumer member = new GroupConsumer(name, config, topics, log, commitAfterEachPoll);
        member.thread.start();
        return member;
    }

    private void run(List<String> topics) {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> added) {
                    Set<TopicPartition> owned = Set.copyOf(consumer.assignment());
                    int generationNow = consumer.groupMetadata().generationId();
                    log.add(new Assignment(name, generationNow, owned));
                    generation = generationNow;
                    current = owned;
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    Set<TopicPartition> left = new HashSet<>(current);
                    left.removeAll(revoked);
                    current = Set.copyOf(left);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    onPartitionsRevoked(lost);
                }
            });
            while (!closing) {
                pollOnce();
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
            }
        } finally {
            consumer.close(); // LeaveGroup; commits first if auto-commit is on
            current = Set.of();
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run(); // each fails its caller: the consumer is closed
            }
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, String> records;
        try {
            records = consumer.poll(POLL);
        } catch (KafkaException e) {
            pollFailures.add(e.toString());
            return;
        }
        long now = System.nanoTime();
        for (ConsumerRecord<String, String> record : records) {
            deliveries.add(new Delivery(name, new TopicPartition(record.topic(), record.partition()),
                    record.offset(), record.value(), now));
        }
        if (commitAfterEachPoll && !records.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
            }
            try {
                consumer.commitSync(offsets);
                Map<TopicPartition, Long> committed = new HashMap<>();
                offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
                commits.add(new Commit(name, committed, System.nanoTime()));
            } catch (KafkaException e) {
                commitFailures.add(e.toString());
            }
        }
    }

    /** Runs {@code action} on the consumer's thread and returns its result (deadline 60 s). */
    <T> T call(Function<KafkaConsumer<String, String>, T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(action.apply(consumer));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": no answer from the consumer thread within " + CALL_DEADLINE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String name() {
        return name;
    }

    /** What the member owns now: its last assignment, less what it revoked or lost since. */
    Set<TopicPartition> current() {
        return current;
    }

    /** The generation of its last assignment; -1 before the first. */
    int generation() {
        return generation;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<Commit> commits() {
        return List.copyOf(commits);
    }

    List<String> commitFailures() {
        return List.copyOf(commitFailures);
    }

    /** Exceptions {@code poll()} threw (the member went on polling). */
    List<String> pollFailures() {
        return List.copyOf(pollFailures);
    }

    /** Closes the consumer on its thread and waits up to 60 s for it. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CALL_DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (thread.isAlive()) {
            throw new AssertionError(name + " did not close within " + CALL_DEADLINE);
        }
    }

    @Override
    public String toString() {
        return name + "[generation " + generation + ", owns " + current + "]";
    }
}

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer-group benchmark, run against any bootstrap address as a single-file program:
 * java -cp "kafka-cli/target/lib/*" bench/GroupBench.java BOOTSTRAP MEMBERS COMMIT_SECONDS
 * 1. MEMBERS-1 consumers join a group on a topic with MEMBERS partitions and become stable; then one more joins, and
 *    the time until every member holds exactly one partition of the new generation is printed (join_stable_ms).
 * 2. One consumer commits offsets with commitSync in a loop for COMMIT_SECONDS (commits_per_s: latency-bound), then
 *    with commitAsync, up to 100 commits in flight, for COMMIT_SECONDS (async_commits_per_s: throughput-bound).
 */
public class GroupBench {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int members = Integer.parseInt(args[1]);
        int commitSeconds = Integer.parseInt(args[2]);
        String topic = "group-bench-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, members, (short) 1))).all().get();
        }
        String group = topic + "-group";
        Map<Integer, Assignment> owned = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members - 1; i++) {
            threads.add(startMember(bootstrap, topic, group, i, owned, running));
        }
        await(() -> settled(owned, members - 1, members), Duration.ofMinutes(3), "first generation");
        long start = System.nanoTime();
        threads.add(startMember(bootstrap, topic, group, members - 1, owned, running));
        await(() -> settled(owned, members, members), Duration.ofMinutes(3), "generation with the new member");
        long joinStableMs = (System.nanoTime() - start) / 1_000_000;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        System.out.printf("members=%d join_stable_ms=%d%n", members, joinStableMs);

        Properties props = consumerProps(bootstrap, group + "-commits");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            long commits = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(commitSeconds);
            long begin = System.nanoTime();
            while (System.nanoTime() < deadline) {
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(commits)));
                commits++;
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("commit_sync_count=%d commits_per_s=%.0f avg_commit_ms=%.2f%n", commits, commits / seconds,
                    seconds * 1000 / commits);
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long sent = 0;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(commitSeconds);
            begin = System.nanoTime();
            while (System.nanoTime() < deadline) {
                if (sent - acknowledged.get() - failed.get() < 100) {
                    consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(commits + sent)), (offsets, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    sent++;
                } else {
                    consumer.poll(Duration.ZERO);
                }
            }
            while (acknowledged.get() + failed.get() < sent) {
                consumer.poll(Duration.ofMillis(10));
            }
            seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("async_commit_count=%d async_commits_per_s=%.0f async_failed=%d%n", acknowledged.get(),
                    acknowledged.get() / seconds, failed.get());
        }
    }

    private static Thread startMember(String bootstrap, String topic, String group, int id,
            Map<Integer, Assignment> owned, AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap, group))) {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        owned.remove(id);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        owned.put(id, new Assignment(consumer.groupMetadata().generationId(), Set.copyOf(partitions)));
                    }
                });
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }
        }, "member-" + id);
        thread.start();
        return thread;
    }

    record Assignment(int generation, Set<TopicPartition> partitions) {
    }

    /** Every member holds an assignment of the same generation and together they hold every partition. */
    private static boolean settled(Map<Integer, Assignment> owned, int members, int partitions) {
        if (owned.size() != members) {
            return false;
        }
        List<Assignment> assignments = List.copyOf(owned.values());
        int generation = assignments.get(0).generation();
        return assignments.stream().allMatch(a -> a.generation() == generation)
                && assignments.stream().mapToInt(a -> a.partitions().size()).sum() == partitions;
    }

    private static Properties consumerProps(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "org.apache.kafka.clients.consumer.RangeAssignor");
        return props;
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the " + what);
            }
            Thread.sleep(5);
        }
    }
}

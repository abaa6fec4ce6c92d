import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The admin API's side of bench/admin-api.sh, run as a single-file program against a standalone Tributary:
 * java -cp "kafka-cli/target/lib/*" bench/AdminApiBench.java BOOTSTRAP HTTP_BASE RUNS DONE_FILE
 * 1. Creates 1,000 one-partition topics, a 50-partition topic with records, a group of 50 live consumers on it that
 *    commit, and an idle group with committed offsets (Kafka's CLI resets only an inactive group).
 * 2. Times RUNS warm calls of each REST operation (after one untimed call): listing all topics (following
 *    metadata.next to the last page), describing the live group with its lag, and planning a reset of the idle group
 *    to the earliest offsets; prints "rest OPERATION median_ms p95_ms".
 * 3. Prints "ready" and keeps the group alive until DONE_FILE exists, so that the script can time Kafka's CLI on the
 *    same cluster and the same groups.
 */
public class AdminApiBench {

    static final String TOPIC = "bench-orders";
    static final String LIVE_GROUP = "bench-live";
    static final String IDLE_GROUP = "bench-idle";
    static final int MEMBERS = 50;
    static final Pattern NEXT = Pattern.compile("\"next\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern CLUSTER = Pattern.compile("\"cluster_id\"\\s*:\\s*\"([^\"]+)\"");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String base = args[1];
        int runs = Integer.parseInt(args[2]);
        Path done = Path.of(args[3]);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                topics.add(new NewTopic(String.format("bench-topic-%04d", i), 1, (short) 1));
            }
            topics.add(new NewTopic(TOPIC, MEMBERS, (short) 1));
            admin.createTopics(topics).all().get(120, TimeUnit.SECONDS);
            produce(bootstrap);
            Map<TopicPartition, OffsetAndMetadata> idle = new java.util.HashMap<>();
            for (int p = 0; p < MEMBERS; p++) {
                idle.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(50));
            }
            admin.alterConsumerGroupOffsets(IDLE_GROUP, idle).all().get(60, TimeUnit.SECONDS);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> members = startGroup(bootstrap, running);
        String cluster = base + "/v3/clusters/" + match(CLUSTER, get(base + "/v3/clusters"));
        time("list-1000-topics", runs, () -> listAllTopics(cluster + "/topics"));
        time("describe-50-member-group-with-lag", runs, () -> get(cluster + "/consumer-groups/" + LIVE_GROUP)
                + get(cluster + "/consumer-groups/" + LIVE_GROUP + "/lags"));
        time("reset-plan-to-earliest", runs, () -> post(cluster + "/consumer-groups/" + IDLE_GROUP
                + "/offsets:plan-reset", "{\"mode\":\"to-earliest\"}"));
        System.out.println("ready");
        while (!Files.exists(done)) {
            Thread.sleep(200);
        }
        running.set(false);
        for (Thread member : members) {
            member.join(30_000);
        }
    }

    static void produce(String bootstrap) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < MEMBERS * 200; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % MEMBERS, null, new byte[100]));
            }
            producer.flush();
        }
    }

    /** 50 consumers that read half of what is there, commit, and stay in the group polling until told to stop. */
    static List<Thread> startGroup(String bootstrap, AtomicBoolean running) throws InterruptedException {
        Map<Integer, Boolean> stable = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            int member = m;
            Thread thread = new Thread(() -> {
                Properties config = new Properties();
                config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                config.put(ConsumerConfig.GROUP_ID_CONFIG, LIVE_GROUP);
                config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
                config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config,
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(TOPIC));
                    boolean committed = false;
                    while (running.get()) {
                        var records = consumer.poll(Duration.ofMillis(200));
                        if (!committed && !records.isEmpty()) {
                            consumer.commitSync();
                            committed = true;
                        }
                        if (!consumer.assignment().isEmpty()) {
                            stable.put(member, true);
                        }
                        if (committed) {
                            consumer.pause(consumer.assignment());
                        }
                    }
                }
            }, "member-" + m);
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (stable.size() < MEMBERS && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (stable.size() < MEMBERS) {
            throw new IllegalStateException("only " + stable.size() + " of " + MEMBERS + " members were assigned");
        }
        return threads;
    }

    static String listAllTopics(String url) {
        StringBuilder all = new StringBuilder();
        String next = url;
        while (next != null) {
            String page = get(next);
            all.append(page);
            Matcher more = NEXT.matcher(page);
            next = more.find() ? more.group(1) : null;
        }
        return all.toString();
    }

    static void time(String operation, int runs, Supplier<String> call) {
        call.get();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("rest %s %.1f %.1f%n", operation, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1));
    }

    static String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static String post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(pattern + " not in " + text);
        }
        return matcher.group(1);
    }
}

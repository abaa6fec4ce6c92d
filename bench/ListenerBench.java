import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;

import tools.jackson.databind.json.JsonMapper;

/**
 * The side of bench/listener.sh that runs in Java, against a running standalone Tributary:
 * java -cp "classes:<consumer starter's classpath>" ListenerBench BOOTSTRAP RECORDS RUNS
 * 1. Writes RECORDS JSON values of about 100 B (an Event record) to a 3-partition topic with a plain producer.
 * 2. Reads the whole topic once each way untimed (warm-up), then RUNS times each way, in turns, each read with a new consumer group from the earliest
 *    offset, one consumer thread each way, offsets committed synchronously after each poll's records (what a
 *    listener container does by default): a bare KafkaConsumer poll loop that only counts the byte[] values; the
 *    same loop that also turns each value into an Event with Jackson; and a @KafkaListener method taking an Event,
 *    in a Spring Boot application of the consumer starter (tributary.consumer.* defaults).
 * Prints "WAY records_per_second" per read; the rate is taken from the first record handed over to the last one, so
 * a group's join and the application's start are not counted for either way.
 */
public class ListenerBench {

    static final String TOPIC = "bench-listener";

    public record Event(long id, String customer, String item, int quantity, long createdAt) {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int records = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        awaitCluster(bootstrap);
        produce(bootstrap, records);
        System.out.println("ready " + records);
        // one untimed read each way first: the JIT compiles Jackson's and the container's paths alike
        bare(bootstrap, records, "warm-bare-bytes", false);
        bare(bootstrap, records, "warm-bare-json", true);
        listener(bootstrap, records, "warm-listener");
        for (int run = 1; run <= runs; run++) {
            System.out.printf("bare-bytes %.0f%n", bare(bootstrap, records, "bare-bytes-" + run, false));
            System.out.printf("bare-json %.0f%n", bare(bootstrap, records, "bare-json-" + run, true));
            System.out.printf("listener %.0f%n", listener(bootstrap, records, "listener-" + run));
        }
    }

    static void awaitCluster(String bootstrap) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no cluster at " + bootstrap, e);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    static void produce(String bootstrap, int records) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < records; i++) {
                Event event = new Event(i, "customer-" + (i % 1000), "item-" + (i % 97), 1 + i % 5,
                        1_764_000_000_000L + i);
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, json.writeValueAsBytes(event)));
            }
            producer.flush();
        }
    }

    static double bare(String bootstrap, int records, String group, boolean readJson) {
        JsonMapper json = JsonMapper.builder().build();
        long count = 0;
        long first = 0;
        long last = 0;
        long quantities = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            while (count < records) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord<String, byte[]> record : polled) {
                    if (count == 0) {
                        first = System.nanoTime();
                    }
                    if (readJson) {
                        quantities += json.readValue(record.value(), Event.class).quantity();
                    } else {
                        quantities += record.value().length;
                    }
                    if (++count == records) {
                        last = System.nanoTime();
                    }
                }
                if (!polled.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
        if (quantities == 0) {
            throw new IllegalStateException("nothing read");
        }
        return (count - 1) / ((last - first) / 1e9);
    }

    static double listener(String bootstrap, int records, String group) throws InterruptedException {
        Counting.expected = records;
        Counting.done = new CountDownLatch(1);
        Counting.count.set(0);
        SpringApplication application = new SpringApplication(ListenerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run("--tributary.bootstrap-servers=" + bootstrap,
                "--tributary.consumer.group-id=" + group, "--tributary.observation.enabled=false")) {
            if (!Counting.done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the listener read " + Counting.count.get() + " of " + records);
            }
            return (records - 1) / ((Counting.last - Counting.first) / 1e9);
        }
    }

    /** What the listener saw; static because the application is started anew for each read. */
    static final class Counting {
        static final AtomicLong count = new AtomicLong();
        static volatile long expected;
        static volatile long first;
        static volatile long last;
        static volatile CountDownLatch done;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    public static class ListenerApplication {

        @Bean
        EventListener eventListener() {
            return new EventListener();
        }
    }

    public static class EventListener {

        @KafkaListener(topics = TOPIC)
        public void on(Event event) {
            long n = Counting.count.incrementAndGet();
            if (n == 1) {
                Counting.first = System.nanoTime();
            }
            if (n == Counting.expected) {
                Counting.last = System.nanoTime();
                Counting.done.countDown();
            }
        }
    }
}

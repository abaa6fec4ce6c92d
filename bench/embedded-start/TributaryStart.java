import java.lang.management.ManagementFactory;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import io.tributary.embedded.EmbeddedCluster;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.test.EmbeddedTributary;

/**
 * One fresh JVM's start of @EmbeddedTributary, as JUnit would load the test contexts (Spring's TestContextManager):
 * "cluster" times EmbeddedCluster.start() alone; "context" times the first test context (cluster, topic, a Spring
 * Boot application with both starters), its first record acknowledged, then a second test context with another
 * topic. Prints "name milliseconds" lines; jvm-to-* count from the JVM's own start.
 */
public final class TributaryStart {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @SpringBootTest(classes = App.class, properties = "tributary.consumer.group-id=bench")
    @EmbeddedTributary(topics = "bench-a")
    static class FirstTest {
    }

    @SpringBootTest(classes = App.class, properties = "tributary.consumer.group-id=bench")
    @EmbeddedTributary(topics = "bench-b")
    static class SecondTest {
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (args[0].equals("cluster")) {
            EmbeddedCluster cluster = EmbeddedCluster.start();
            print("cluster-start", mainStart);
            cluster.createTopics(1, "bench-a");
            print("cluster-start-and-topic", mainStart);
            cluster.close();
        } else {
            ApplicationContext first = context(FirstTest.class);
            print("first-context", mainStart);
            send(first, "bench-a");
            print("first-context-and-record", mainStart);
            System.out.println("result jvm-to-first-record " + (jvmToMain + elapsed(mainStart)));
            long secondStart = System.nanoTime();
            send(context(SecondTest.class), "bench-b");
            print("second-context-and-record", secondStart);
        }
        System.exit(0);
    }

    private static ApplicationContext context(Class<?> testClass) {
        return new TestContextManager(testClass).getTestContext().getApplicationContext();
    }

    /** One record through a producer configured as the starters configure theirs (the connection details). */
    private static void send(ApplicationContext context, String topic) throws Exception {
        Map<String, Object> config = context.getBean(TributaryClientConfig.class).forClient("bench", Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void print(String name, long since) {
        System.out.println("result " + name + " " + elapsed(since));
    }
}

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

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
        StartBench bench = new StartBench();
        if (args[0].equals("cluster")) {
            EmbeddedCluster cluster = EmbeddedCluster.start();
            bench.print("cluster-start");
            cluster.createTopics(1, "bench-a");
            bench.print("cluster-start-and-topic");
            cluster.close();
        } else {
            bench.contexts(FirstTest.class, SecondTest.class, TributaryStart::send);
        }
        System.exit(0);
    }

    /** One record through a producer configured as the starters configure theirs (the connection details). */
    private static void send(ApplicationContext context, String topic) throws Exception {
        Map<String, Object> config = context.getBean(TributaryClientConfig.class).forClient("bench", Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }
}

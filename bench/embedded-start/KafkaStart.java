import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The same measurements as TributaryStart, with spring-kafka-test's @EmbeddedKafka (a KRaft broker in the JVM) and
 * Spring Boot's Kafka auto-configuration: "cluster" times EmbeddedKafkaKraftBroker alone, "context" the test
 * contexts.
 */
public final class KafkaStart {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @SpringBootTest(classes = App.class, properties = "spring.kafka.consumer.group-id=bench")
    @EmbeddedKafka(topics = "bench-a", partitions = 1)
    static class FirstTest {
    }

    @SpringBootTest(classes = App.class, properties = "spring.kafka.consumer.group-id=bench")
    @EmbeddedKafka(topics = "bench-b", partitions = 1)
    static class SecondTest {
    }

    public static void main(String[] args) throws Exception {
        StartBench bench = new StartBench();
        if (args[0].equals("cluster")) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.afterPropertiesSet();
            bench.print("cluster-start");
            broker.addTopics("bench-a");
            bench.print("cluster-start-and-topic");
            broker.destroy();
        } else {
            bench.contexts(FirstTest.class, SecondTest.class, KafkaStart::send);
        }
        System.exit(0);
    }

    /** One record through a producer on the address @EmbeddedKafka gave Spring Boot (spring.kafka.bootstrap-servers). */
    private static void send(ApplicationContext context, String topic) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                context.getEnvironment().getRequiredProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }
}

package io.tributary.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryConnectionDetails;

@SpringBootTest(classes = TestApplication.class, properties = "tributary.bootstrap-servers=nowhere.invalid:1")
@EmbeddedTributary(topics = {"orders", "invoices"}, partitions = 3)
class EmbeddedTributaryTest {

    @Autowired
    TributaryConnectionDetails connection;

    @Autowired
    TributaryClientConfig clientConfig;

    @Autowired
    KafkaTemplate<Object, Object> template;

    @Autowired
    TestApplication.TopicsAtStartup topicsAtStartup;

    @Value("${tributary.embedded.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void theStartersConnectToTheEmbeddedClusterWhateverTheBootstrapPropertySays() {
        assertThat(bootstrapServers).isEqualTo(SharedEmbeddedTributary.cluster().bootstrapServers());
        assertThat(connection.getBootstrapServers()).containsExactly(bootstrapServers);
        assertThat(clientConfig.forClient("producer", Map.of())).containsEntry("bootstrap.servers", bootstrapServers);
    }

    @Test
    void theAnnotationsTopicsExistWithTheirPartitionsBeforeAnyBeanReachesTheCluster() {
        assertThat(topicsAtStartup.partitions()).containsEntry("orders", 3).containsEntry("invoices", 3);
    }

    @Test
    void everyTestContextOfTheJvmGetsTheSameCluster() {
        assertThat(ClustersSeen.add(bootstrapServers)).containsExactly(bootstrapServers);
        assertThat(SharedEmbeddedTributary.cluster()).isSameAs(SharedEmbeddedTributary.cluster());
    }

    @Test
    void whatARawProducerAndTheStartersTemplateSendARawConsumerReads() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("orders", "order-1", "{\"id\":1}")).get();
        }
        template.send("orders", "order-2", Map.of("id", 2)).get();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "round-trip",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return values.size() >= 2;
            });
        }
        assertThat(values).containsExactlyInAnyOrder("{\"id\":1}", "{\"id\":2}");
    }
}

package io.tributary.spring.e2e.consumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.spring.e2e.consumer.events.Circle;
import io.tributary.spring.e2e.consumer.events.Order;
import io.tributary.spring.e2e.consumer.foreign.Square;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.BATCH;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.ORDERS;
import static io.tributary.spring.e2e.consumer.ConsumerE2eApplication.SHAPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listener methods get what their parameter type says, from JSON the producer starter or any producer wrote. */
class ListenerTest extends ConsumerE2eTest {

    @Autowired
    private KafkaTemplate<String, Object> template;

    @Autowired
    private Deliveries deliveries;

    @Autowired
    private MeterRegistry meters;

    @Value("${tributary.embedded.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void aRecordParameterGetsTheValueTheTemplateSent() throws Exception {
        Order order = new Order(UUID.randomUUID().toString(), 3);
        template.send(ORDERS, order.id(), order).get(10, TimeUnit.SECONDS);
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(ORDERS).contains(order));
    }

    @Test
    void aRecordParameterNeedsNoTypeHeaderAndTheGroupIdPropertyNamesTheGroup() throws Exception {
        String id = UUID.randomUUID().toString();
        ClusterReads cluster = new ClusterReads(bootstrapServers);
        var sent = cluster.send(new ProducerRecord<>(ORDERS, id,
                ("{\"id\":\"" + id + "\",\"quantity\":5}").getBytes(StandardCharsets.UTF_8)));
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(ORDERS).contains(new Order(id, 5)));
        TopicPartition partition = new TopicPartition(ORDERS, sent.partition());
        await().atMost(ClusterReads.DEADLINE).until(() -> cluster.committed("consumer-e2e", partition)
                .filter(offset -> offset > sent.offset()).isPresent());
    }

    @Test
    void anAbstractParameterGetsTheClassATrustedTypeHeaderNames() throws Exception {
        Circle circle = new Circle(UUID.randomUUID().toString(), 2.5);
        template.send(SHAPES, circle.id(), circle).get(10, TimeUnit.SECONDS);
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(SHAPES).contains(circle));
    }

    @Test
    void anUntrustedTypeHeaderIsRefusedStraightIntoTheDeadLetterTopic() throws Exception {
        Square square = new Square(UUID.randomUUID().toString(), 2);
        template.send(SHAPES, square.id(), square).get(10, TimeUnit.SECONDS);
        ConsumerRecord<String, byte[]> dead = new ClusterReads(bootstrapServers).awaitRecord(SHAPES + ".DLT",
                square.id());
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .contains(Square.class.getName() + ", which is not in a trusted package");
        assertThat(deliveries.of(SHAPES)).noneMatch(shape -> shape instanceof Square);
    }

    @Test
    void aBatchListenerGetsAListOfTheParameterElementType() throws Exception {
        List<Order> orders = List.of(new Order(UUID.randomUUID().toString(), 1),
                new Order(UUID.randomUUID().toString(), 2), new Order(UUID.randomUUID().toString(), 3));
        for (Order order : orders) {
            template.send(BATCH, order.id(), order);
        }
        template.flush();
        await().atMost(ClusterReads.DEADLINE).until(() -> deliveries.of(BATCH).containsAll(orders));
    }

    @Test
    void eachListenerCallIsTimedByListenerIdAndTopic() throws Exception {
        Circle circle = new Circle(UUID.randomUUID().toString(), 1);
        template.send(SHAPES, circle.id(), circle).get(10, TimeUnit.SECONDS);
        await().atMost(ClusterReads.DEADLINE).until(() -> meters.find("spring.kafka.listener")
                .tag("messaging.source.name", SHAPES).timers().stream().anyMatch(timer -> timer.count() > 0));
        assertThat(meters.find("spring.kafka.listener").tag("messaging.source.name", SHAPES).timers())
                // spring-kafka tags each of a listener's consumers: the listener id, then its index
                .allSatisfy(timer -> assertThat(timer.getId().getTag("spring.kafka.listener.id"))
                        .isEqualTo(SHAPES + "-0"));
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.tributary.spring.e2e.consumer;

import java.util.List;

import io.tributary.spring.e2e.consumer.events.Order;
import io.tributary.spring.e2e.consumer.events.Shape;
import io.tributary.spring.e2e.consumer.events.Task;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/** An application with one listener per behaviour under test, configured by tributary.* properties only. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ConsumerE2eApplication {

    static final String ORDERS = "consumer-e2e-orders";
    static final String SHAPES = "consumer-e2e-shapes";
    static final String BATCH = "consumer-e2e-batch";
    static final String FLAKY = "consumer-e2e-flaky";
    static final String FAILING = "consumer-e2e-failing";
    static final String FAILING_TOO = "consumer-e2e-failing-too";

    @Bean
    Deliveries deliveries() {
        return new Deliveries();
    }

    @Bean
    Listeners listeners(Deliveries deliveries) {
        return new Listeners(deliveries);
    }

    static class Listeners {

        private final Deliveries deliveries;

        Listeners(Deliveries deliveries) {
            this.deliveries = deliveries;
        }

        /** No id, no group: tributary.consumer.group-id is all it takes. */
        @KafkaListener(topics = ORDERS)
        void order(Order order) {
            deliveries.add(ORDERS, order);
        }

        @KafkaListener(id = SHAPES, topics = SHAPES)
        void shape(Shape shape) {
            deliveries.add(SHAPES, shape);
        }

        @KafkaListener(id = BATCH, topics = BATCH, batch = "true")
        void batch(List<Order> orders) {
            orders.forEach(order -> deliveries.add(BATCH, order));
        }

        @KafkaListener(id = FLAKY, topics = FLAKY)
        void flaky(Task task) {
            int attempt = deliveries.attempt(task.id());
            if (attempt <= task.failures()) {
                throw new IllegalStateException("attempt " + attempt + " at task " + task.id() + " fails");
            }
            deliveries.add(FLAKY, task);
        }

        @KafkaListener(id = FAILING, topics = {FAILING, FAILING_TOO})
        void failing(Order order) {
            deliveries.attempt(order.id());
            throw new IllegalStateException("order " + order.id() + " cannot be billed");
        }
    }
}

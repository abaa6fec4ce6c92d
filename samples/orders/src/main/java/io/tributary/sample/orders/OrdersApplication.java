package io.tributary.sample.orders;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Orders posted over HTTP are produced to the {@value #TOPIC} topic as JSON; a listener consumes them, and an order it
 * rejects ends in {@code orders.DLT} after the retries. Everything Kafka-related comes from the two Tributary starters
 * and {@code tributary.*} settings.
 */
@SpringBootApplication
public class OrdersApplication {

    public static final String TOPIC = "orders";

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    /** Created at start-up by the producer starter (broker's default replication factor). */
    @Bean
    NewTopic ordersTopic() {
        return TopicBuilder.name(TOPIC).partitions(3).build();
    }
}

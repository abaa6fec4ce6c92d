package io.tributary.sample.orders;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the orders. The parameter type decides what the JSON value becomes; an exception is retried
 * ({@code tributary.consumer.retry.*}), then the record goes to {@code orders.DLT} with the exception in its headers.
 */
@Component
class OrderListener {

    private final ConsumedOrders consumed;

    OrderListener(ConsumedOrders consumed) {
        this.consumed = consumed;
    }

    // the listener's id is not its group: tributary.consumer.group-id decides the group
    @KafkaListener(id = "orders", idIsGroup = false, topics = OrdersApplication.TOPIC)
    void on(Order order) {
        if (order.quantity() <= 0) {
            throw new IllegalArgumentException("order " + order.id() + " has quantity " + order.quantity()
                    + "; it must be at least 1");
        }
        consumed.add(order);
    }
}

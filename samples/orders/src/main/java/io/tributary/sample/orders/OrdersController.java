package io.tributary.sample.orders;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} produces an order; {@code GET /orders} lists the orders the listener has consumed. */
@RestController
@RequestMapping("/orders")
class OrdersController {

    private final KafkaTemplate<String, Order> template;
    private final ConsumedOrders consumed;

    OrdersController(KafkaTemplate<String, Order> template, ConsumedOrders consumed) {
        this.template = template;
        this.consumed = consumed;
    }

    /** Answers once the broker has the order (acks=all), keyed by its id so one order's records stay in order. */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Order place(@RequestBody Order order) throws InterruptedException, ExecutionException, TimeoutException {
        Order placed = order.id() != null ? order : new Order(UUID.randomUUID().toString(), order.product(),
                order.quantity());
        template.send(OrdersApplication.TOPIC, placed.id(), placed).get(10, TimeUnit.SECONDS);
        return placed;
    }

    @GetMapping
    List<Order> consumed() {
        return consumed.all();
    }
}

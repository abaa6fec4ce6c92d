package io.tributary.sample.orders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/** The orders the listener accepted, in the order it consumed them; in memory only, as a sample needs. */
@Component
public class ConsumedOrders {

    private final List<Order> orders = new CopyOnWriteArrayList<>();

    void add(Order order) {
        orders.add(order);
    }

    public List<Order> all() {
        return List.copyOf(orders);
    }
}

package io.tributary.spring.e2e.consumer.events;

/** A concrete value: listeners with this parameter type need no trusted package. */
public record Order(String id, int quantity) {
}

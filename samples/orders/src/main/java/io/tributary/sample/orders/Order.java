package io.tributary.sample.orders;

/** What a customer orders; the record's value on the topic, as JSON. */
public record Order(String id, String product, int quantity) {
}

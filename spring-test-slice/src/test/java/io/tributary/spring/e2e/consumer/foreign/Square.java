package io.tributary.spring.e2e.consumer.foreign;

import io.tributary.spring.e2e.consumer.events.Shape;

/** A shape outside the trusted packages: a type header naming it is refused. */
public record Square(String id, double side) implements Shape {
}

package io.tributary.spring.e2e.consumer.events;

/** A shape in the package the tests trust. */
public record Circle(String id, double radius) implements Shape {
}

package io.tributary.spring.e2e.consumer.events;

/** An abstract parameter type: the value's class comes from the type header, for trusted packages only. */
public interface Shape {

    String id();
}

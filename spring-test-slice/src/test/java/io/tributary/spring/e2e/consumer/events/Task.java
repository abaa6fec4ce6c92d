package io.tributary.spring.e2e.consumer.events;

/** Work that fails {@code failures} times before it succeeds. */
public record Task(String id, int failures) {
}

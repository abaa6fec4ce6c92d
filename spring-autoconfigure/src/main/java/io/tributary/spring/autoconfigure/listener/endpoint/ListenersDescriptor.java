package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/** Every listener of the application, by id. */
public record ListenersDescriptor(List<ListenerDescriptor> listeners) implements OperationResponseBody {
}

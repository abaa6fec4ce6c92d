package io.tributary.spring.autoconfigure.listener.endpoint;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The kafkalisteners endpoint over HTTP: a caller's mistake is a 400, 404 or 409 whose body says what was wrong
 * (Actuator would answer an exception with a bare 500), and an operation the cluster or the listener did not
 * complete in time a 503.
 */
@EndpointWebExtension(endpoint = ListenersEndpoint.class)
public class ListenersEndpointWebExtension {

    private final ListenersEndpoint endpoint;

    public ListenersEndpointWebExtension(ListenersEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @ReadOperation
    public WebEndpointResponse<Object> listener(@Selector String id) {
        return answer(() -> endpoint.listener(id));
    }

    @WriteOperation
    public WebEndpointResponse<Object> operate(@Selector String id, @Selector String operation,
                                               @Nullable String topic, @Nullable Integer partition,
                                               @Nullable String to, @Nullable Long offset,
                                               @Nullable Long timestamp) {
        return answer(() -> endpoint.operate(id, operation, topic, partition, to, offset, timestamp));
    }

    private static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
        try {
            return new WebEndpointResponse<>(operation.get(), WebEndpointResponse.STATUS_OK);
        } catch (ListenerOperationException e) {
            return new WebEndpointResponse<>(Map.of("status", e.status(), "error", e.error(),
                    "message", e.getMessage()), e.status());
        }
    }
}

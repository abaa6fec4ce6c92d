package io.tributary.protocol;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.protocol.ApiMessage;

/** Serves one API key. Registered in an {@link ApiRegistry}. */
@FunctionalInterface
public interface ApiHandler {

    /**
     * Called in request order per connection (the next request of the same connection is not handed to any
     * handler before this call returns), on an I/O thread, never on a Netty event loop. The future may complete
     * later and on any thread (long-poll fetch, acks=all).
     * <p>
     * Complete with {@code null} to send no response (Produce with acks=0). Completing exceptionally (or
     * throwing) makes the server answer with the request's own error response for that exception
     * ({@code AbstractRequest#getErrorResponse(Throwable)}, {@code Errors.forException} mapping); the
     * connection stays open.
     * <p>
     * Record fields of the request are {@code MemoryRecords} slices of a heap buffer owned by this request
     * alone: they may be kept after the future completes.
     *
     * @param context who sent the request, and its header
     * @param request the request body, e.g. {@code ProduceRequestData}
     * @return the response body of the same API key, e.g. {@code ProduceResponseData}
     */
    CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request);
}

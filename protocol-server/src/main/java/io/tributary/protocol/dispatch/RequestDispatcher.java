package io.tributary.protocol.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.ApiRegistry;
import io.tributary.protocol.ApiRegistry.Registration;
import io.tributary.protocol.RequestContext;
import io.tributary.protocol.codec.EncodedResponse;
import io.tributary.protocol.codec.KafkaResponseEncoder;
import io.tributary.protocol.metrics.RequestMetrics;
import io.tributary.protocol.metrics.ResponseErrorCounter;

/**
 * Turns one decoded request into a {@link Reply}: answers ApiVersions and unsupported keys or versions itself,
 * hands everything else to its {@link ApiHandler} on the connection's serial executor, maps handler failures
 * to the request's own error response, serializes the response, and records the request's metrics.
 * <p>
 * The returned future never completes exceptionally: every failure becomes an error response, or a
 * {@link Reply#CLOSE} when no response can be sent. Thread-safe; shared by all connections.
 *
 * <h2>Error handling</h2>
 * A handler that throws, completes exceptionally, answers with another API's body, or answers with a body
 * that cannot be written at the request's version gets the request's error response
 * ({@link Errors#forException}); the connection stays open. Kafka {@link ApiException}s are the handler's
 * way of answering and are logged at debug; anything else is logged once, as a warning naming the API and
 * client. A failed acks=0 Produce cannot be answered, so its connection is closed, as Kafka does, which makes
 * the producer refresh its metadata.
 */
public final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Map<ApiKeys, Registration> registrations;
    private final ApiVersionsHandler apiVersions;
    private final Executor ioPool;
    private final RequestMetrics metrics;
    private final ResponseErrorCounter errorCounter = new ResponseErrorCounter();

    public RequestDispatcher(ApiRegistry registry, Executor ioPool, RequestMetrics metrics) {
        this.registrations = registry.registrations();
        this.apiVersions = new ApiVersionsHandler(registrations);
        this.ioPool = ioPool;
        this.metrics = metrics;
    }

    /** An executor for one connection's handler invocations: they never overlap and keep request order. */
    public Executor newConnectionExecutor() {
        return new SerialExecutor(ioPool);
    }

    public CompletableFuture<Reply> dispatch(RequestContext context, AbstractRequest request,
                                             Executor connectionExecutor, ByteBufAllocator alloc) {
        Call call = new Call(context, request, alloc, System.nanoTime());
        metrics.requestReceived(context.apiKey());
        if (context.apiKey() == ApiKeys.API_VERSIONS) {
            return CompletableFuture.completedFuture(apiVersions(call));
        }
        Registration registration = registrations.get(context.apiKey());
        if (registration == null || !registration.supports(context.apiVersion())) {
            return CompletableFuture.completedFuture(fail(call, new UnsupportedVersionException(
                    context.apiKey().name + " v" + context.apiVersion() + " is not supported by this server")));
        }
        try {
            return CompletableFuture.supplyAsync(() -> invoke(registration.handler(), call), connectionExecutor)
                    .thenCompose(future -> future)
                    .handle((body, error) -> error == null ? respond(call, call.version(), body) : fail(call, error));
        } catch (RejectedExecutionException e) {
            // the server is shutting down
            return CompletableFuture.completedFuture(Reply.CLOSE);
        }
    }

    private Reply apiVersions(Call call) {
        if (!apiVersions.supports(call.version())) {
            return respond(call, ApiVersionsHandler.FALLBACK_VERSION, apiVersions.unsupportedVersion());
        }
        if (!((ApiVersionsRequest) call.request()).isValid()) {
            return fail(call, new InvalidRequestException("Invalid client software name or version"));
        }
        return respond(call, call.version(), apiVersions.supported());
    }

    private static CompletableFuture<ApiMessage> invoke(ApiHandler handler, Call call) {
        try {
            CompletableFuture<ApiMessage> response = handler.handle(call.context(), call.request().data());
            return response != null ? response
                    : CompletableFuture.failedFuture(new IllegalStateException("handler returned no future"));
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Reply respond(Call call, short version, ApiMessage body) {
        if (body == null || !expectsResponse(call.request())) {
            metrics.responseReady(call.key(), call.elapsed(), Map.of());
            return Reply.NONE;
        }
        if (body.apiKey() != call.key().id) {
            return fail(call, new IllegalStateException(
                    "handler answered with a " + ApiKeys.forId(body.apiKey()).name + " body"));
        }
        EncodedResponse encoded;
        try {
            encoded = KafkaResponseEncoder.encode(call.correlationId(), call.key(), version, body, call.alloc());
        } catch (RuntimeException e) {
            // the handler's answer, not the client's request, is at fault: never report it as the client's error
            return fail(call, new IllegalStateException("response cannot be written at v" + version, e));
        }
        metrics.responseReady(call.key(), call.elapsed(), errorCounter.errorCounts(call.key(), version, body));
        return Reply.send(encoded);
    }

    private Reply fail(Call call, Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof ApiException) {
            LOG.debug("{} request from {} failed: {}", call.key().name, call.context().clientAddress(), error.toString());
        } else {
            LOG.warn("{} handler failed for client {}", call.key().name, call.context().clientAddress(), error);
        }
        if (!expectsResponse(call.request())) {
            metrics.responseReady(call.key(), call.elapsed(), Map.of(Errors.forException(error), 1));
            return Reply.CLOSE;
        }
        try {
            AbstractResponse response = call.request().getErrorResponse(error);
            EncodedResponse encoded = KafkaResponseEncoder.encode(call.correlationId(), call.key(), call.version(),
                    response.data(), call.alloc());
            metrics.responseReady(call.key(), call.elapsed(), response.errorCounts());
            return Reply.send(encoded);
        } catch (RuntimeException e) {
            LOG.warn("Closing connection from {}: cannot build the {} v{} error response", call.context().clientAddress(),
                    call.key().name, call.version(), e);
            metrics.responseReady(call.key(), call.elapsed(), Map.of(Errors.forException(error), 1));
            return Reply.CLOSE;
        }
    }

    private static boolean expectsResponse(AbstractRequest request) {
        return !(request instanceof ProduceRequest produce && produce.acks() == 0);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private record Call(RequestContext context, AbstractRequest request, ByteBufAllocator alloc, long startNanos) {

        ApiKeys key() {
            return context.apiKey();
        }

        short version() {
            return context.apiVersion();
        }

        int correlationId() {
            return context.header().correlationId();
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }
}

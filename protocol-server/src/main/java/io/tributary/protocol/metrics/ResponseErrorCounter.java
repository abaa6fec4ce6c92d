package io.tributary.protocol.metrics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the error codes in a response body the way Kafka's broker does: by wrapping the {@code *ResponseData}
 * in its {@code AbstractResponse} class and asking {@link AbstractResponse#errorCounts()}, which knows where
 * each API keeps its codes (top level, per topic-partition, per resource, per member).
 * <p>
 * Wrapping is cheap: the wrappers only hold the data object, and {@code errorCounts()} walks the error fields
 * without touching records. Re-parsing the serialized bytes would double the decoding work and is impossible
 * for file-backed Fetch responses. kafka-clients has no public data-to-wrapper factory, so the constructor (or
 * {@code of} factory) taking the data class is found once per API by name and kept as a method handle.
 * Thread-safe.
 */
public final class ResponseErrorCounter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseErrorCounter.class);
    private static final String REQUESTS_PACKAGE = "org.apache.kafka.common.requests.";
    /** Data and wrapper names disagree for this one API. */
    private static final Map<String, String> WRAPPER_ALIASES =
            Map.of("OffsetForLeaderEpochResponse", "OffsetsForLeaderEpochResponse");
    private static final MethodType WRAP = MethodType.methodType(AbstractResponse.class, ApiMessage.class, short.class);

    private final ConcurrentMap<ApiKeys, Optional<MethodHandle>> wrappers = new ConcurrentHashMap<>();

    /** The error codes in {@code body}, or an empty map if this API's wrapper cannot be found or built. */
    public Map<Errors, Integer> errorCounts(ApiKeys key, short version, ApiMessage body) {
        Optional<MethodHandle> wrapper = wrappers.computeIfAbsent(key, ResponseErrorCounter::findWrapper);
        if (wrapper.isEmpty()) {
            return Map.of();
        }
        try {
            return ((AbstractResponse) wrapper.get().invokeExact(body, version)).errorCounts();
        } catch (Throwable e) {
            LOG.debug("Cannot count errors of a {} v{} response", key.name, version, e);
            return Map.of();
        }
    }

    /** Whether errors of {@code key} responses can be counted; for tests of the wrapper lookup. */
    boolean canCount(ApiKeys key) {
        return wrappers.computeIfAbsent(key, ResponseErrorCounter::findWrapper).isPresent();
    }

    private static Optional<MethodHandle> findWrapper(ApiKeys key) {
        Class<?> dataClass = key.messageType.newResponse().getClass();
        String name = dataClass.getSimpleName().replaceFirst("Data$", "");
        try {
            Class<?> wrapperClass = Class.forName(REQUESTS_PACKAGE + WRAPPER_ALIASES.getOrDefault(name, name));
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            for (Constructor<?> constructor : wrapperClass.getConstructors()) {
                Optional<MethodHandle> handle = adapt(lookup.unreflectConstructor(constructor), dataClass);
                if (handle.isPresent()) {
                    return handle;
                }
            }
            for (Method method : wrapperClass.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == wrapperClass) {
                    Optional<MethodHandle> handle = adapt(lookup.unreflect(method), dataClass);
                    if (handle.isPresent()) {
                        return handle;
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            LOG.debug("No response wrapper for {}", key.name, e);
        }
        LOG.info("Error codes of {} responses will not be counted: no wrapper class takes {}", key.name,
                dataClass.getSimpleName());
        return Optional.empty();
    }

    /** Accepts {@code (Data)} and {@code (Data, short version)} and makes both {@code (ApiMessage, short)}. */
    private static Optional<MethodHandle> adapt(MethodHandle handle, Class<?> dataClass) {
        MethodType type = handle.type();
        if (type.parameterCount() == 0 || type.parameterType(0) != dataClass) {
            return Optional.empty();
        }
        if (type.parameterCount() == 1) {
            return Optional.of(MethodHandles.dropArguments(handle, 1, short.class).asType(WRAP));
        }
        if (type.parameterCount() == 2 && type.parameterType(1) == short.class) {
            return Optional.of(handle.asType(WRAP));
        }
        return Optional.empty();
    }
}

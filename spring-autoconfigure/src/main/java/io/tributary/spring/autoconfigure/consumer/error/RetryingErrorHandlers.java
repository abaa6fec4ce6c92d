package io.tributary.spring.autoconfigure.consumer.error;

import java.util.ArrayList;
import java.util.List;

import io.tributary.spring.autoconfigure.TributaryProperties;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.ClassUtils;

/**
 * spring-kafka's {@link DefaultErrorHandler} as {@code tributary.consumer.retry.*} describes it: a failing record is
 * delivered up to max-attempts times with an exponential back-off between deliveries, then handed to the recoverer
 * (the dead-letter topic, or a log line when there is none). The non-retryable exceptions go to the recoverer at
 * once, as do spring-kafka's own (conversion, deserialization, a listener method that cannot be called).
 */
public final class RetryingErrorHandlers {

    private RetryingErrorHandlers() {
    }

    /**
     * @param recoverer what happens to a record that failed every attempt; null: spring-kafka logs it and moves on
     */
    public static DefaultErrorHandler create(TributaryProperties.Retry retry, ConsumerRecordRecoverer recoverer,
                                             ClassLoader classLoader) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(retry));
        List<Class<? extends Exception>> notRetryable = exceptionClasses(retry.getNonRetryableExceptions(),
                classLoader);
        if (!notRetryable.isEmpty()) {
            @SuppressWarnings("unchecked")
            Class<? extends Exception>[] types = notRetryable.toArray(new Class[0]);
            handler.addNotRetryableExceptions(types);
        }
        return handler;
    }

    static ExponentialBackOffWithMaxRetries backOff(TributaryProperties.Retry retry) {
        if (retry.getMaxAttempts() < 1) {
            throw new IllegalArgumentException("tributary.consumer.retry.max-attempts must be at least 1 (the first"
                    + " delivery), not " + retry.getMaxAttempts());
        }
        if (retry.getMultiplier() < 1.0) {
            throw new IllegalArgumentException("tributary.consumer.retry.multiplier must be at least 1.0, not "
                    + retry.getMultiplier());
        }
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.getMaxAttempts() - 1);
        backOff.setInitialInterval(retry.getInitialInterval().toMillis());
        backOff.setMultiplier(retry.getMultiplier());
        backOff.setMaxInterval(retry.getMaxInterval().toMillis());
        return backOff;
    }

    private static List<Class<? extends Exception>> exceptionClasses(List<String> names, ClassLoader classLoader) {
        List<Class<? extends Exception>> classes = new ArrayList<>();
        for (String name : names) {
            Class<?> type;
            try {
                type = ClassUtils.forName(name.strip(), classLoader);
            }
            catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("tributary.consumer.retry.non-retryable-exceptions names " + name
                        + ", which is not on the classpath", e);
            }
            if (!Exception.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("tributary.consumer.retry.non-retryable-exceptions names " + name
                        + ", which is not an Exception");
            }
            classes.add(type.asSubclass(Exception.class));
        }
        return classes;
    }
}

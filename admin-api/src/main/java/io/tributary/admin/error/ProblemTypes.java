package io.tributary.admin.error;

import java.net.URI;
import java.util.Locale;

import org.apache.kafka.common.protocol.Errors;

/**
 * The RFC 9457 {@code type} of every problem the admin API answers: one URN per Kafka error and per problem of its
 * own, stable across releases so that scripts can switch on it.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:tributary:problem:";

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }

    public static URI of(Errors error) {
        return of(error.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}

package io.tributary.admin.error;

import java.net.URI;
import java.util.Locale;

import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

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

    /** For a problem of the HTTP layer: its status's name in kebab case ({@code method-not-allowed}). */
    public static URI of(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return of(known == null ? "http-" + status.value()
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** Whether {@code type} is RFC 9457's default, which says nothing more than the status. */
    static boolean isBlank(URI type) {
        return type == null || "about:blank".equals(type.toString());
    }

    public static URI of(Errors error) {
        return of(error.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}

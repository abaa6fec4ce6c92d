package io.tributary.admin.topic;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/** Refusals of request bodies that are incomplete, before any call to the cluster. */
final class RequestChecks {

    private RequestChecks() {
    }

    static <T> T required(T value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "missing-field",
                    "The request body must give '" + field + "'");
        }
        return value;
    }
}

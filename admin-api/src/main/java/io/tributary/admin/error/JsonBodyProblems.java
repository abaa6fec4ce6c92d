package io.tributary.admin.error;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what was wrong with a JSON body that could not be read, in the client's terms: where the JSON broke, which
 * field is unknown, which field has the wrong type and what it should be. Field paths are as the client wrote them
 * ({@code configs[2].name}).
 */
final class JsonBodyProblems {

    private JsonBodyProblems() {
    }

    /** {@code cause} is what Spring's message converter wrapped, {@code null} when there was no body at all. */
    static ProblemDetail of(Throwable cause) {
        if (cause == null) {
            return problem(HttpStatus.BAD_REQUEST, "missing-body", "The request needs a JSON body", null);
        }
        for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
            if (inner instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
                        tooLarge.getMessage(), null);
                problem.setProperty("max_bytes", tooLarge.maxBytes);
                return problem;
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return problem(HttpStatus.BAD_REQUEST, "unknown-field", "Unknown field '" + path(unknown) + "'"
                    + known(unknown.getKnownPropertyIds()), path(unknown));
        }
        if (cause instanceof ValueInstantiationException invalid) {
            Throwable reason = invalid.getCause() == null ? invalid : invalid.getCause();
            String field = path(invalid);
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-value",
                    (field.isEmpty() ? "" : "Field '" + field + "': ") + firstLine(reason.getMessage()),
                    field.isEmpty() ? null : field);
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !path(mismatch).isEmpty()) {
            String value = mismatch instanceof InvalidFormatException format ? ", not '" + format.getValue() + "'" : "";
            return wrongType(path(mismatch), mismatch.getTargetType(), value);
        }
        if (cause instanceof InputCoercionException coercion && coercion.getTargetType() != null
                && !path(coercion).isEmpty()) {
            return wrongType(path(coercion), coercion.getTargetType(), " that fits in " + coercion.getTargetType()
                    .getSimpleName());
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "wrong-type", "The body must be "
                    + expected(mismatch.getTargetType()), null);
            problem.setProperty("expected", expected(mismatch.getTargetType()));
            return problem;
        }
        if (cause instanceof JacksonException json) {
            String where = where(json.getLocation());
            String field = path(json);
            return problem(HttpStatus.BAD_REQUEST, "malformed-json", "The body is not valid JSON" + where
                    + (field.isEmpty() ? "" : " (in '" + field + "')") + ": " + firstLine(json.getOriginalMessage()),
                    field.isEmpty() ? null : field);
        }
        return problem(HttpStatus.BAD_REQUEST, "malformed-json", "The body could not be read: "
                + firstLine(cause.getMessage()), null);
    }

    private static ProblemDetail wrongType(String field, Class<?> target, String detail) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "wrong-type", "Field '" + field + "' must be "
                + expected(target) + detail, field);
        problem.setProperty("expected", expected(target));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(slug));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** What a client should have sent for a Java type, in JSON's words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type.isEnum()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + names;
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time string (2026-01-31T12:00:00Z)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return "; known fields: " + String.join(", ", names);
    }

    private static String where(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}

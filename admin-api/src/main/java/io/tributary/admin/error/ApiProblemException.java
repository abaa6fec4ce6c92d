package io.tributary.admin.error;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client's request that the admin API refuses for a reason of its own, not one the cluster answered: a stale
 * {@code If-Match}, a reset on a live group, an unknown cluster id. {@code problem} is the stable slug that becomes the
 * problem's {@code type}; {@code properties} become extra members of the problem+json body (e.g. the live members).
 */
public class ApiProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String problem;
    private final Map<String, Object> properties;

    public ApiProblemException(HttpStatus status, String problem, String message) {
        this(status, problem, message, Map.of());
    }

    public ApiProblemException(HttpStatus status, String problem, String message, Map<String, Object> properties) {
        super(message);
        this.status = status;
        this.problem = problem;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String problem() {
        return problem;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}

package io.tributary.admin.error;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure becomes an RFC 9457 problem+json body: Kafka's errors with their name and code, the admin API's own
 * refusals with their slug, Spring MVC's (bad JSON, wrong types, unknown paths) through the base class. No stack trace
 * ever reaches a client.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblemException.class)
    ProblemDetail apiProblem(ApiProblemException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(ProblemTypes.of(e.problem()));
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(ApiException.class)
    ProblemDetail kafkaError(ApiException e) {
        Errors error = Errors.forException(e);
        HttpStatus status = KafkaErrorStatus.of(error);
        if (status.is5xxServerError()) {
            log.warn("The cluster answered {}: {}", error.name(), e.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                e.getMessage() == null ? error.message() : e.getMessage());
        problem.setType(ProblemTypes.of(error));
        problem.setTitle(error.name());
        problem.setProperty("kafka_error", error.name());
        problem.setProperty("error_code", error.code());
        return problem;
    }

    @ExceptionHandler(KafkaException.class)
    ProblemDetail clientFailure(KafkaException e) {
        log.warn("A Kafka admin call failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The cluster could not be reached: " + e.getMessage());
        problem.setType(ProblemTypes.of("cluster-unavailable"));
        return problem;
    }
}

package io.tributary.admin.error;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure becomes an RFC 9457 problem+json body with a stable {@code type}: Kafka's errors with their name and
 * code, the admin API's own refusals with their slug, Spring MVC's (bad JSON, wrong types, unknown paths, methods and
 * media types) through the base class, each saying what exactly was wrong. No stack trace ever reaches a client; a
 * failure nobody foresaw is a 500 whose id is also in the log.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    /** The constraints that only say a value must be there. */
    private static final Set<String> MISSING = Set.of("NotNull", "NotBlank", "NotEmpty");

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

    /** What no client could have caused: the id ties the answer to the stack trace in the log. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        return UnexpectedFailures.problem(e, request.getMethod() + " " + request.getRequestURI());
    }

    /** Bean validation of a {@code @Validated} controller's parameters, which Spring checks through a proxy. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolations(ConstraintViolationException e, WebRequest request) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", FieldNames.lastNode(violation.getPropertyPath()),
                        "message", violation.getMessage()))
                .toList();
        return invalid(e, errors, new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = JsonBodyProblems.of(e.getCause());
        return handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> fieldErrors = e.getBindingResult().getFieldErrors();
        if (!fieldErrors.isEmpty() && e.getBindingResult().getGlobalErrors().isEmpty()
                && fieldErrors.stream().allMatch(error -> MISSING.contains(error.getCode()))) {
            return missing(e, fieldErrors, headers, request);
        }
        List<Map<String, String>> errors = fieldErrors.stream()
                .map(error -> Map.of("field", FieldNames.snakeCase(error.getField()),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        List<Map<String, String>> global = e.getBindingResult().getGlobalErrors().stream()
                .map(error -> Map.of("field", "", "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        return invalid(e, FieldNames.concat(errors, global), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of("field", FieldNames.parameter(result.getMethodParameter()),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return invalid(e, errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = FieldNames.of(e);
        String expected = JsonBodyProblems.expected(e.getRequiredType());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + name + "' must be " + expected + ", not '" + e.getValue() + "'");
        problem.setType(ProblemTypes.of("wrong-type"));
        problem.setProperty("field", name);
        problem.setProperty("expected", expected);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getParameterName() + "' is required");
        problem.setType(ProblemTypes.of("missing-parameter"));
        problem.setProperty("field", e.getParameterName());
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No resource at " + e.getHttpMethod() + " /" + e.getResourcePath());
        problem.setType(ProblemTypes.of("not-found"));
        return handleExceptionInternal(e, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    /** Gives every problem the base class built a stable type, the kebab-case name of its status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse response) {
            body = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && ProblemTypes.isBlank(problem.getType())) {
            problem.setType(ProblemTypes.of(status));
        }
        if (status.is5xxServerError() && request instanceof ServletWebRequest servlet) {
            ProblemDetail logged = UnexpectedFailures.problem(e, servlet.getRequest().getMethod() + " "
                    + servlet.getRequest().getRequestURI());
            return super.handleExceptionInternal(e, logged, headers, status, request);
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /**
     * Only required fields left out: 400 {@code missing-field}, as the resources that check their bodies by hand
     * answer, naming the first and listing all.
     */
    private ResponseEntity<Object> missing(Exception e, List<FieldError> fieldErrors, HttpHeaders headers,
            WebRequest request) {
        List<String> fields = fieldErrors.stream().map(error -> FieldNames.snakeCase(error.getField())).distinct()
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body must give " + String.join(", ", fields.stream().map(f -> "'" + f + "'").toList()));
        problem.setType(ProblemTypes.of("missing-field"));
        problem.setProperty("field", fields.get(0));
        problem.setProperty("errors", fields.stream().map(field -> Map.of("field", field, "message",
                "is required")).toList());
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> invalid(Exception e, List<Map<String, String>> errors, HttpHeaders headers,
            WebRequest request) {
        String fields = String.join(", ", errors.stream().map(error -> error.get("field").isEmpty()
                ? error.get("message") : error.get("field") + " " + error.get("message")).toList());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The request is not valid: " + fields);
        problem.setType(ProblemTypes.of("validation-failed"));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
    }
}

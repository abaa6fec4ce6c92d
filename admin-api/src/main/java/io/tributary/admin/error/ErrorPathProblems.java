package io.tributary.admin.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * What the servlet container answers on its own (a request it refused before any controller, a failure in a filter)
 * as a problem too, in place of Spring Boot's error JSON. Hidden from the OpenAPI document: it is no resource of the
 * API, only where the container forwards its errors.
 */
@Hidden
@RestController
class ErrorPathProblems implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = HttpStatusCode.valueOf(code instanceof Integer value && value >= 400 && value < 600
                ? value : HttpStatus.INTERNAL_SERVER_ERROR.value());
        ProblemDetail problem;
        if (status.is5xxServerError()) {
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            problem = UnexpectedFailures.problem(failure instanceof Throwable thrown ? thrown : null,
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " (status " + status.value() + ")");
        } else {
            problem = ProblemDetail.forStatusAndDetail(status, "The request was refused before it reached the API: "
                    + reason(status));
            problem.setType(ProblemTypes.of(status));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "status " + status.value() : known.getReasonPhrase();
    }
}

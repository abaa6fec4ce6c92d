package io.tributary.admin.error;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure of the service itself: the client gets a 500 problem with an id and no internals, the log gets the id
 * with the stack trace, so that a reported id leads to its cause.
 */
final class UnexpectedFailures {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedFailures.class);

    private UnexpectedFailures() {
    }

    static ProblemDetail problem(Throwable failure, String request) {
        String id = UUID.randomUUID().toString();
        log.error("Unexpected failure {} answering {}", id, request, failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; the server's log has it under the id " + id);
        problem.setType(ProblemTypes.of("internal-error"));
        problem.setProperty("error_id", id);
        return problem;
    }
}

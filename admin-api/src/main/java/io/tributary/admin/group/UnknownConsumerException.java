package io.tributary.admin.group;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/** A consumer id that is not a member of the group (now): 404 as for any missing resource. */
class UnknownConsumerException extends ApiProblemException {

    UnknownConsumerException(String groupId, String consumerId) {
        super(HttpStatus.NOT_FOUND, "consumer-not-found",
                "Consumer '" + consumerId + "' is not a member of consumer group '" + groupId + "'");
    }
}

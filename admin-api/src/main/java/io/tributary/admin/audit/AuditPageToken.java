package io.tributary.admin.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * The opaque {@code page_token} of an audit listing: it carries the id of the last event of the previous page, so
 * that clients do not build it themselves and it may change form later.
 */
final class AuditPageToken {

    private static final String PREFIX = "audit-before:";

    private AuditPageToken() {
    }

    static String after(long lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id the next page starts below, or a 400 problem for a token this service did not make. */
    static long beforeId(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException notOurs) {
            // answered below, as any other token that is not ours
        }
        throw new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-page-token",
                "page_token is not a token of this listing: pass the one from metadata.next as it is");
    }
}

package io.tributary.admin.topic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * The opaque cursor of a topic list: the last topic name the previous page showed, so that the next page starts after
 * it whatever was created or deleted in between (an index would skip or repeat topics then). Encoded as URL-safe
 * base64 of a versioned text, so that clients do not build tokens and a later format can be told apart.
 */
final class PageToken {

    private static final String VERSION = "v1:";

    private PageToken() {
    }

    static String after(String lastTopic) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + lastTopic).getBytes(StandardCharsets.UTF_8));
    }

    /** The topic name the page starts after. */
    static String lastTopic(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(token);
        }
        if (!text.startsWith(VERSION) || text.length() == VERSION.length()) {
            throw malformed(token);
        }
        return text.substring(VERSION.length());
    }

    private static ApiProblemException malformed(String token) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-page-token", "The page_token '" + token
                + "' is not one this API gave out: pass the metadata.next URL of the previous page as it is");
    }
}

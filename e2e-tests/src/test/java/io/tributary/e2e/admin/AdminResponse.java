package io.tributary.e2e.admin;

import java.net.http.HttpHeaders;

import tools.jackson.databind.JsonNode;

/**
 * One answer of the admin API: its status, headers and JSON body ({@code null} when it had none).
 */
public record AdminResponse(int status, HttpHeaders headers, JsonNode body, String text) {

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + text;
    }
}

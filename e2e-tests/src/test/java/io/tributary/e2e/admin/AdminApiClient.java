package io.tributary.e2e.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the admin API for the tests: JSON in, {@link AdminResponse} out, with optional credentials
 * and headers; every request that got past authentication is noted in {@link ExercisedOperations}.
 */
public final class AdminApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final Map<String, String> headers;

    public AdminApiClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    private AdminApiClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = Map.copyOf(headers);
    }

    public static AdminApiClient onPort(int httpPort) {
        return new AdminApiClient("http://127.0.0.1:" + httpPort);
    }

    /** The same client sending HTTP Basic credentials. */
    public AdminApiClient withBasic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withHeader("Authorization", "Basic " + token);
    }

    /** The same client sending a bearer API key. */
    public AdminApiClient withBearer(String apiKey) {
        return withHeader("Authorization", "Bearer " + apiKey);
    }

    public AdminApiClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminApiClient(baseUrl, more);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The id of the cluster behind this admin API, from {@code GET /v3/clusters}. */
    public String clusterId() {
        AdminResponse clusters = get("/v3/clusters");
        if (clusters.status() != 200) {
            throw new IllegalStateException("GET /v3/clusters answered " + clusters);
        }
        return clusters.body().get("data").get(0).get("cluster_id").asString();
    }

    public AdminResponse get(String path) {
        return send("GET", path, null, Map.of());
    }

    public AdminResponse delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public AdminResponse post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public AdminResponse patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    public AdminResponse put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    /**
     * Sends {@code body} as JSON: a {@link String} is sent as written (so a test can send broken JSON), anything else
     * is serialized; {@code null} sends no body.
     */
    public AdminResponse send(String method, String path, Object body, Map<String, String> extraHeaders) {
        String text = body == null ? null : body instanceof String raw ? raw : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, text == null ? BodyPublishers.noBody() : BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        extraHeaders.forEach(request::header);
        try {
            var response = HTTP.send(request.build(), BodyHandlers.ofString());
            if (response.statusCode() != 401 && response.statusCode() != 403) {
                // a request that security turned away never reached the operation
                int query = path.indexOf('?');
                ExercisedOperations.record(method, query < 0 ? path : path.substring(0, query));
            }
            String answer = response.body();
            JsonNode json = answer == null || answer.isBlank() || !looksLikeJson(answer) ? null : JSON.readTree(answer);
            return new AdminResponse(response.statusCode(), response.headers(), json, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean looksLikeJson(String text) {
        char first = text.stripLeading().charAt(0);
        return first == '{' || first == '[';
    }
}

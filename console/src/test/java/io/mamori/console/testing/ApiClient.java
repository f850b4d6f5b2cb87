package io.mamori.console.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Real HTTPS calls to a console under test, as a browser session (cookie + CSRF token) or as an
 * agent (bearer secret). Answers are kept whole so tests can look at status, headers and body.
 */
public final class ApiClient {

    /** An answer. */
    public record Response(int status, Map<String, java.util.List<String>> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return ProtocolJson.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    private final HttpClient http;
    private final String base;
    private String session;
    private String device;
    private String csrf;
    private String bearer;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    ApiClient(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    /** A fresh client on the same console: no session, no secret. */
    public ApiClient anonymous() {
        return new ApiClient(http, base);
    }

    public ApiClient asAgent(String secret) {
        ApiClient agent = new ApiClient(http, base);
        agent.bearer = secret;
        return agent;
    }

    public String baseUrl() {
        return base;
    }

    public String csrf() {
        return csrf;
    }

    public String sessionCookie() {
        return session;
    }

    /** The mamori_device cookie this client was given (the browser the person signed in from), if any. */
    public String deviceCookie() {
        return device;
    }

    /** A fresh client (no session) that keeps this browser's mamori_device cookie. */
    public ApiClient sameBrowser() {
        ApiClient same = new ApiClient(http, base);
        same.device = device;
        return same;
    }

    public void useSession(String cookie, String csrfToken) {
        this.session = cookie;
        this.csrf = csrfToken;
    }

    /** Sends this header with every request (e.g. a forged Origin). */
    public ApiClient header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public void withoutCsrf() {
        this.csrf = null;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    /** An HTML form as a browser sends it (fields in order; a name may repeat). */
    public Response postForm(String path, java.util.List<Map.Entry<String, String>> fields) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            body.append(body.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(field.getKey(), java.nio.charset.StandardCharsets.UTF_8))
                    .append('=').append(java.net.URLEncoder.encode(field.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return send("POST", path, body.toString(), Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** {@code body}: null, raw bytes, a String sent as is, or anything else written as JSON. */
    public Response send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : body instanceof String text ? HttpRequest.BodyPublishers.ofString(text)
                : HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.writeBytes(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        java.util.List<String> cookies = new java.util.ArrayList<>();
        if (session != null) {
            cookies.add("mamori_session=" + session);
        }
        if (device != null) {
            cookies.add("mamori_device=" + device);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies));
        }
        if (csrf != null && !method.equals("GET")) {
            request.header("X-CSRF-Token", csrf);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        extraHeaders.forEach(request::setHeader);
        headers.forEach(request::setHeader);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response answer = new Response(response.statusCode(), response.headers().map(), response.body());
            answer.headers().getOrDefault("set-cookie", java.util.List.of()).stream()
                    .filter(c -> c.startsWith("mamori_session="))
                    .findFirst()
                    .ifPresent(c -> session = c.substring("mamori_session=".length(), c.indexOf(';')).strip());
            answer.headers().getOrDefault("set-cookie", java.util.List.of()).stream()
                    .filter(c -> c.startsWith("mamori_device="))
                    .findFirst()
                    .ifPresent(c -> device = c.substring("mamori_device=".length(), c.indexOf(';')).strip());
            if (answer.status() == 200 && answer.body().length > 0 && answer.text().contains("\"csrfToken\"")) {
                JsonNode token = answer.json().get("csrfToken");
                if (token != null && token.isTextual()) {
                    csrf = token.asText();
                }
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String query(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((k, v) -> out.append(out.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}

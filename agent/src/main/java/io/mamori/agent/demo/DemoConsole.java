package io.mamori.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.link.ConsoleTrust;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The demo's administrator: signs in to the console's admin API (session cookie and CSRF token,
 * as a browser would) over TLS pinned to the console's fingerprint.
 */
final class DemoConsole {

    private final String base;
    private final HttpClient http;
    private String session;
    private String csrf;

    DemoConsole(String baseUrl, String fingerprint) throws IOException {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().sslContext(ConsoleTrust.context(fingerprint, null))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Signs in with the first-run one-time password and replaces it with {@code newPassword}. */
    void firstSignIn(String username, String oneTimePassword, String newPassword) throws IOException {
        JsonNode signedIn = call("POST", "/api/admin/session", Map.of("username", username, "password", oneTimePassword), 200);
        if (!"PASSWORD_CHANGE".equals(signedIn.path("stage").asText())) {
            throw new IOException("the console did not ask for a new password (stage " + signedIn.path("stage").asText() + ")");
        }
        call("POST", "/api/admin/me/password", Map.of("currentPassword", oneTimePassword, "newPassword", newPassword), 200);
    }

    String enrollmentToken(String group) throws IOException {
        return call("POST", "/api/admin/enrollment-tokens", Map.of("description", "mamori demo", "groupId", group, "maxUses", 1,
                "validForHours", 1), 201).path("token").asText();
    }

    JsonNode get(String path) throws IOException {
        return call("GET", path, null, 200);
    }

    /** The status of GET {@code path}, without failing on 4xx. */
    int status(String path) throws IOException {
        return send("GET", path, null).statusCode();
    }

    private JsonNode call(String method, String path, Object body, int expected) throws IOException {
        HttpResponse<byte[]> response = send(method, path, body);
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode json = response.body().length == 0 ? ProtocolJson.readTree("{}".getBytes()) : ProtocolJson.readTree(response.body());
        if (json.hasNonNull("csrfToken")) {
            csrf = json.get("csrfToken").asText();
        }
        return json;
    }

    private HttpResponse<byte[]> send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.writeBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (session != null) {
            request.header("Cookie", "mamori_session=" + session);
        }
        if (csrf != null && !method.equals("GET")) {
            request.header("X-CSRF-Token", csrf);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("mamori_session=")).findFirst()
                    .ifPresent(c -> session = c.substring("mamori_session=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

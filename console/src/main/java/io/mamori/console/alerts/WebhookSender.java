package io.mamori.console.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An alert posted as JSON to a webhook, signed so the receiver can tell it came from this console
 * and was not replayed: {@code X-Mamori-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with {@code X-Mamori-Timestamp} (Unix seconds). A 2xx answer is delivered; anything else, a
 * redirect included (never followed), is a failure the caller retries.
 */
final class WebhookSender {

    static final String SIGNATURE = "X-Mamori-Signature";
    static final String TIMESTAMP = "X-Mamori-Timestamp";
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIMIT).followRedirects(HttpClient.Redirect.NEVER)
            .build();

    void send(String url, String secret, String alertId, String json, Instant now) throws IOException {
        String timestamp = Long.toString(now.getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(LIMIT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Mamori-Console")
                .header("X-Mamori-Alert-Id", alertId)
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(secret, timestamp, json))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + response.statusCode());
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp.body} with the rule's secret. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

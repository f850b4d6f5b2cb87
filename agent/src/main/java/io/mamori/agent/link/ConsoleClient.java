package io.mamori.agent.link;

import io.mamori.agent.state.AgentIdentity;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.EnrollResponse;
import io.mamori.protocol.api.ErrorResponse;
import io.mamori.protocol.api.EventBatchAck;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The agent's side of the protocol (docs/protocol.md): one HTTPS client, kept open between calls
 * so heartbeats reuse the connection. The console's certificate is verified against the system's
 * CAs (and a configured CA file), or, for a self-signed console, against the fingerprint pinned at
 * enrollment.
 */
public final class ConsoleClient {

    private final URI console;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;
    private final String agentPath;

    private ConsoleClient(URI console, SSLContext tls, Duration timeout, String secret, String agentId) {
        this.console = console;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.authorization = secret == null ? null : "Bearer " + secret;
        this.agentPath = agentId == null ? null : "/api/v1/agents/" + agentId;
    }

    /** A client for enrolling: no identity yet. */
    public static ConsoleClient forEnrollment(URI console, String tlsFingerprint, Path caFile, Duration timeout) throws IOException {
        return new ConsoleClient(console, ConsoleTrust.context(tlsFingerprint, caFile), timeout, null, null);
    }

    /** A client acting as an enrolled agent. */
    public static ConsoleClient forAgent(AgentIdentity identity, Path caFile, Duration timeout) throws IOException {
        return new ConsoleClient(identity.consoleUrl(), ConsoleTrust.context(identity.tlsFingerprint(), caFile), timeout,
                identity.agentSecret(), identity.agentId().toString());
    }

    public EnrollResponse enroll(EnrollRequest request) throws ConsoleException {
        return send(post("/api/v1/enroll", ProtocolJson.writeBytes(request)), 201, EnrollResponse.class);
    }

    public HeartbeatResponse heartbeat(Heartbeat heartbeat) throws ConsoleException {
        return send(post(agentPath + "/heartbeat", ProtocolJson.writeBytes(heartbeat)), 200, HeartbeatResponse.class);
    }

    /** Sends a batch already serialised as {@code {"events":[…]}}. */
    public EventBatchAck events(byte[] batch) throws ConsoleException {
        return send(post(agentPath + "/events", batch), 200, EventBatchAck.class);
    }

    public void commandResult(CommandResult result) throws ConsoleException {
        send(post(agentPath + "/commands/" + result.commandId() + "/result", ProtocolJson.writeBytes(result)), 204, null);
    }

    /** Sends an employee's device request; true when the console kept it now, false when it had it already. */
    public boolean deviceRequest(io.mamori.protocol.request.DeviceRequest deviceRequest) throws ConsoleException {
        HttpResponse<byte[]> response = exchange(post(agentPath + "/device-requests", ProtocolJson.writeBytes(deviceRequest)));
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            return response.statusCode() == 201;
        }
        throw failure(response);
    }

    /** The policy the console assigns, if it differs from {@code etag}; the body is the signed document. */
    public Optional<FetchedPolicy> policy(String etag) throws ConsoleException {
        HttpRequest.Builder request = request(agentPath + "/policy").GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> response = exchange(request.build());
        if (response.statusCode() == 304) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return Optional.of(new FetchedPolicy(response.body(), response.headers().firstValue("ETag").orElse(null)));
    }

    /** A signed policy document as it came, with its ETag. */
    public record FetchedPolicy(byte[] signedJson, String etag) {
    }

    // ---------------------------------------------------------------- plumbing

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(console.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpRequest post(String path, byte[] body) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private <T> T send(HttpRequest request, int expected, Class<T> type) throws ConsoleException {
        HttpResponse<byte[]> response = exchange(request);
        if (response.statusCode() != expected) {
            throw failure(response);
        }
        if (type == null) {
            return null;
        }
        try {
            return ProtocolJson.read(response.body(), type);
        } catch (RuntimeException e) {
            throw new ConsoleException(ConsoleException.Kind.PROTOCOL, response.statusCode(), null,
                    "the console's answer could not be read: " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws ConsoleException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLHandshakeException e) {
            throw new ConsoleException(ConsoleException.Kind.UNTRUSTED, 0, null, "the console's certificate is not trusted ("
                    + e.getMessage() + "); for a self-signed console, enroll with --fingerprint (./mamori console fingerprint prints it)");
        } catch (HttpTimeoutException e) {
            throw new ConsoleException(ConsoleException.Kind.UNREACHABLE, 0, null, "the console did not answer in time");
        } catch (ConnectException e) {
            throw new ConsoleException(ConsoleException.Kind.UNREACHABLE, 0, null, "cannot connect to " + console);
        } catch (IOException e) {
            throw new ConsoleException(ConsoleException.Kind.UNREACHABLE, 0, null, "the connection to " + console + " failed: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(ConsoleException.Kind.UNREACHABLE, 0, null, "interrupted");
        }
    }

    private static ConsoleException failure(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(ConsoleClient::seconds).orElse(null);
        String message;
        try {
            ErrorResponse error = ProtocolJson.read(response.body(), ErrorResponse.class);
            message = error.code() + ": " + error.message() + (error.field() == null ? "" : " (" + error.field() + ")");
        } catch (RuntimeException e) {
            message = new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8);
        }
        ConsoleException.Kind kind = status == 401 ? ConsoleException.Kind.UNAUTHORIZED
                : status == 429 || status >= 500 ? ConsoleException.Kind.BUSY
                : ConsoleException.Kind.REFUSED;
        return new ConsoleException(kind, status, retryAfter, "HTTP " + status + " " + message);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package io.mamori.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** What a stranger's connection may not do: send a body of unknown length, or take its time over the headers. */
class HostileConnectionsTest {

    @Test
    void aStrangersChunkedBodyIsRefusedBeforeItIsRead() throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            HttpClient http = HttpClient.newBuilder().sslContext(ConsoleFixture.trusting(console.tls())).build();
            byte[] body = new byte[4 * 1024 * 1024];
            HttpRequest chunked = HttpRequest.newBuilder(URI.create(console.client().baseUrl() + "/api/admin/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // no length: chunked
                    .build();

            HttpResponse<String> answer = http.send(chunked, HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(411);
            assertThat(answer.body()).contains("LENGTH_REQUIRED");
        }
    }

    @Test
    void aClientThatSendsItsHeadersAByteAtATimeIsCutOff() throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.request-header-timeout", "2s"), null)) {
            URI base = URI.create(console.client().baseUrl());
            try (SSLSocket socket = (SSLSocket) ConsoleFixture.trusting(console.tls()).getSocketFactory()
                    .createSocket(base.getHost(), base.getPort())) {
                socket.startHandshake();
                socket.setSoTimeout(500);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("GET /api/admin/me HTTP/1.1\r\nHost: " + base.getHost() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                boolean closed = false;
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // far past the 2 s deadline
                for (int i = 0; !closed && System.nanoTime() < until; i++) {
                    try {
                        out.write(("X-Slow-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII)); // headers that never end
                        out.flush();
                        closed = in.read() < 0;
                    } catch (SocketTimeoutException stillOpen) {
                        // nothing to read yet: the connection is still open; send the next byte of headers
                    } catch (IOException reset) {
                        closed = true;
                    }
                }
                assertThat(closed).as("the console closed the connection of headers that never end").isTrue();
            }
        }
    }
}

package io.mamori.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.console.testing.TestSmtpServer;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end (issue 23): a real console, a real SMTP server that requires STARTTLS
 * (SubEthaSMTP), and a webhook receiver on loopback that checks the signature as a SIEM would.
 */
class AlertsTest {

    /** A webhook call as received. */
    private record Call(Map<String, String> headers, String body) {
    }

    @TempDir
    Path dir;

    private TestSmtpServer smtp;
    private HttpServer hook;
    private volatile int hookStatus = 200;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        smtp = new TestSmtpServer(dir, true);
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = hookStatus;
            if (status == 200) {
                calls.add(new Call(headers, body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        hook.start();
        Map<String, Object> settings = new HashMap<>();
        settings.put("mamori.console.alerts.interval", "1s");
        settings.put("mamori.console.alerts.delivery-interval", "300ms");
        settings.put("mamori.console.alerts.first-retry", "500ms");
        settings.put("mamori.console.alerts.longest-retry", "1s");
        settings.put("mamori.console.alerts.allow-http-webhooks", true);
        settings.put("mamori.console.alerts.smtp-host", "localhost");
        settings.put("mamori.console.alerts.smtp-port", smtp.port());
        settings.put("mamori.console.alerts.smtp-from", "mamori@example.jp");
        settings.put("mamori.console.alerts.smtp-trusted-certificates", smtp.certificatePem().toString());
        console = ConsoleFixture.start(Db.SQLITE, settings, null);
    }

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
        hook.stop(0);
        smtp.close();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void send(ConsoleFixture.Agent agent, List<Event> events) {
        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(events));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    private static List<Event> copies(ConsoleFixture.Agent agent, String user, int files) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            events.add(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT, user, "0781", "5583", Instant.now()));
        }
        return events;
    }

    @Test
    void aBulkCopyByALeavingEmployeeBringsOneStartTlsEmailAndOneSignedWebhookCall() throws Exception {
        ApiClient admin = console.admin().client();
        ApiClient.Response created = admin.post("/api/admin/alert-rules", Map.of("id", "leaving-bulk", "kind", "BULK_COPY",
                "files", 20, "minutes", 10, "groups", List.of("leaving"), "emails", List.of("security@example.jp"),
                "webhookUrl", hookUrl()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.json().get("webhookSecret").asText();
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(admin.get("/api/admin/alert-rules/leaving-bulk").text()).doesNotContain(secret);

        ConsoleFixture.Agent leaving = console.enroll("leaving");
        ConsoleFixture.Agent other = console.enroll();
        Instant copied = Instant.now();
        send(leaving, copies(leaving, "tanaka", 25));
        send(other, copies(other, "suzuki", 25)); // the same copy outside the group: no alert
        send(leaving, copies(leaving, "sato", 3)); // in the group, under the threshold: no alert

        await("one e-mail and one webhook call", Duration.ofSeconds(60), () -> smtp.received.size() >= 1 && calls.size() >= 1);
        assertThat(Duration.between(copied, Instant.now())).isLessThan(Duration.ofSeconds(60));
        Thread.sleep(3000); // three more rounds of the rules: still one of each
        assertThat(smtp.received).hasSize(1);
        assertThat(calls).hasSize(1);

        TestSmtpServer.Received mail = smtp.received.get(0);
        assertThat(mail.to()).isEqualTo("security@example.jp");
        assertThat(mail.subject()).contains("リムーバブルメディアへの大量コピー").contains("Bulk copy to removable media");
        assertThat(mail.text()).contains("tanaka").contains("25 件").contains("copied 25 file(s)").doesNotContain("suzuki");

        Call call = calls.get(0);
        String timestamp = call.headers().get("x-mamori-timestamp");
        assertThat(call.headers().get("x-mamori-signature")).isEqualTo("sha256=" + WebhookSender.sign(secret, timestamp, call.body()));
        assertThat(call.headers().get("x-mamori-signature")).isNotEqualTo("sha256=" + WebhookSender.sign(secret + "x", timestamp,
                call.body()));
        JsonNode json = ProtocolJson.readTree(call.body().getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("kind").asText()).isEqualTo("BULK_COPY");
        assertThat(json.get("agentId").asText()).isEqualTo(leaving.id());
        assertThat(json.get("user").asText()).isEqualTo("tanaka");
        assertThat(json.path("facts").path("files").asInt()).isEqualTo(25);
        assertThat(json.path("text").path("ja").asText()).contains("tanaka");

        JsonNode alerts = admin.get("/api/admin/alerts").json();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("state").asText()).isEqualTo("RAISED");
        assertThat(alerts.get(0).get("deliveries")).extracting(d -> d.get("state").asText()).containsExactly("SENT", "SENT");
        assertThat(admin.get("/api/admin/audit?action=alert.raise").json().get("items")).hasSize(1);
        assertThat(admin.get("/api/admin/audit?action=alert-rule.create").json().get("items")).hasSize(1);

        // the alerts page shows the rule and the alert with its deliveries (headless Chromium)
        try (io.mamori.console.ui.UiBrowser browser = io.mamori.console.ui.UiBrowser.open(console, "ja")
                .useSession(console.person("AUDITOR").client())) {
            browser.go("/ui/alerts").waitForLoad();
            assertThat(browser.text("#rule-leaving-bulk")).contains("大量コピー").contains("security@example.jp").contains("leaving");
            assertThat(browser.find("#alerts tbody tr").getAttribute("data-state")).isEqualTo("RAISED");
            assertThat(browser.text("#alerts")).contains("tanaka").contains("送信済み");
        }
    }

    @Test
    void aWebhookThatIsDownIsRetriedAndItsAlertIsDeliveredAfterAConsoleRestart() throws Exception {
        hookStatus = 503;
        ApiClient admin = console.admin().client();
        ApiClient.Response created = admin.post("/api/admin/alert-rules", Map.of("id", "log-integrity", "kind", "LOG_INTEGRITY",
                "webhookUrl", hookUrl()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.json().get("webhookSecret").asText();
        ConsoleFixture.Agent agent = console.enroll();
        send(agent, List.of(new Event(EventIds.next(), AgentId.parse(agent.id()), Instant.now(), EventKind.LOG_INTEGRITY,
                "pc-7.example.jp", null, null, null, null, null, null, null, "the chain breaks after record 1041")));

        await("two failed attempts", Duration.ofSeconds(60), () -> {
            JsonNode alerts = admin.get("/api/admin/alerts").json();
            return alerts.size() == 1 && alerts.get(0).path("deliveries").path(0).path("attempts").asInt() >= 2;
        });
        JsonNode before = admin.get("/api/admin/alerts").json().get(0);
        assertThat(before.path("deliveries").path(0).path("state").asText()).isEqualTo("PENDING");
        assertThat(before.path("deliveries").path(0).path("lastError").asText()).contains("HTTP 503");
        assertThat(calls).isEmpty();

        console = console.restart();
        hookStatus = 200;
        await("the webhook call after the restart", Duration.ofSeconds(60), () -> calls.size() == 1);
        Call call = calls.get(0);
        assertThat(call.headers().get("x-mamori-alert-id")).isEqualTo(before.get("id").asText());
        assertThat(call.headers().get("x-mamori-signature"))
                .isEqualTo("sha256=" + WebhookSender.sign(secret, call.headers().get("x-mamori-timestamp"), call.body()));
        assertThat(call.body()).contains("the chain breaks after record 1041");
        ApiClient again = console.admin().client();
        await("recorded as sent", Duration.ofSeconds(10), () -> "SENT".equals(again.get("/api/admin/alerts").json().get(0)
                .path("deliveries").path(0).path("state").asText()));
        Thread.sleep(1500);
        assertThat(calls).as("sent once").hasSize(1);
    }

    @Test
    void overItsHourlyLimitARuleKeepsItsAlertsAsSuppressedAndSendsNothing() throws Exception {
        ApiClient admin = console.admin().client();
        assertThat(admin.post("/api/admin/alert-rules", Map.of("id", "leaving-copies", "kind", "COPY", "groups", List.of("leaving"),
                "webhookUrl", hookUrl(), "maxPerHour", 1)).status()).isEqualTo(201);
        ConsoleFixture.Agent leaving = console.enroll("leaving");
        send(leaving, copies(leaving, "tanaka", 1));
        send(leaving, copies(leaving, "sato", 1));
        await("both alerts", Duration.ofSeconds(30), () -> admin.get("/api/admin/alerts").json().size() == 2);
        await("one sent", Duration.ofSeconds(30), () -> calls.size() == 1);
        JsonNode alerts = admin.get("/api/admin/alerts").json();
        List<String> states = new ArrayList<>();
        alerts.forEach(a -> states.add(a.get("state").asText() + ":" + a.get("deliveries").size()));
        assertThat(states).containsExactlyInAnyOrder("RAISED:1", "SUPPRESSED:0");
        assertThat(admin.get("/api/admin/audit?action=alert.suppress").json().get("items")).hasSize(1);
    }

    @Test
    void aBadRuleIsRefusedWithItsFieldAndNothingIsStored() {
        ApiClient admin = console.admin().client();
        Map<String, Object> good = Map.of("id", "bulk", "kind", "BULK_COPY", "files", 100, "minutes", 10,
                "emails", List.of("security@example.jp"));
        assertRefused(admin, with(good, "id", "Bad Id!"), "id");
        assertRefused(admin, with(good, "kind", null), "kind");
        assertRefused(admin, with(good, "kind", "EVERYTHING"), null);
        assertRefused(admin, with(good, "minutes", null), "minutes");
        assertRefused(admin, with(good, "minutes", 100_000), "minutes");
        assertRefused(admin, with(good, "emails", List.of("not an address")), null);
        assertRefused(admin, with(good, "emails", List.of()), "emails");
        assertRefused(admin, with(with(good, "emails", null), "webhookUrl", "ftp://example.jp/x"), "webhookUrl");
        assertRefused(admin, with(good, "groups", List.of("no-such-group")), "groups");
        assertRefused(admin, with(good, "maxPerHour", 0), "maxPerHour");
        assertThat(admin.get("/api/admin/alert-rules").json()).isEmpty();
        assertThat(admin.get("/api/admin/alerts?limit=0").status()).isEqualTo(400);

        ApiClient reviewer = console.person("REVIEWER").client();
        assertThat(reviewer.post("/api/admin/alert-rules", good).status()).isEqualTo(403);
        assertThat(reviewer.get("/api/admin/alert-rules").status()).isEqualTo(200);
        assertThat(console.client().get("/api/admin/alerts").status()).isEqualTo(401);
        assertThat(admin.post("/api/admin/alert-rules", good).status()).isEqualTo(201);
        assertThat(admin.post("/api/admin/alert-rules", good).status()).as("the same id again").isEqualTo(409);
        assertThat(admin.put("/api/admin/alert-rules/other", good).status()).as("a rule is not renamed").isEqualTo(400);
        assertThat(admin.delete("/api/admin/alert-rules/nothing").status()).isEqualTo(404);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(base);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return changed;
    }

    private static void assertRefused(ApiClient admin, Map<String, Object> body, String field) {
        ApiClient.Response answer = admin.post("/api/admin/alert-rules", body);
        assertThat(answer.status()).as(body + " → " + answer.text()).isEqualTo(400);
        if (field != null) {
            assertThat(answer.json().path("field").asText()).as(answer.text()).contains(field);
        }
    }
}

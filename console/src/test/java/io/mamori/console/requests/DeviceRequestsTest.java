package io.mamori.console.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.request.DeviceRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's side of an employee's device request (issue 23): an agent sends it, a reviewer
 * approves it for a period (a DEVICE exception and the answer, both as commands for the agent) or
 * denies it with a comment; a request the console cannot take is refused with its field and kept nowhere.
 */
class DeviceRequestsTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "090c", "1000", "SN-REQ-1",
            "Silicon Motion", "Flash", null, "USB", 16_000_000_000L);

    private static void mounted(ConsoleFixture.Agent agent, DeviceIdentity device) {
        Event event = new Event(EventIds.next(), AgentId.parse(agent.id()), Instant.now(), EventKind.DEVICE_MOUNTED, "pc-1.example.jp",
                null, device, null, null, new Decision(Action.READ_ONLY, List.of("read-only-unapproved"), null, false, 1), null, null,
                "/media/usb mounted (vfat)");
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(event))).status())
                .isEqualTo(200);
    }

    private static Map<String, Object> request(DeviceIdentity device, Object hours, String reasonId, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", EventIds.next().toString());
        body.put("device", device);
        body.put("user", "tanaka");
        body.put("hours", hours);
        body.put("reasonId", reasonId);
        if (text != null) {
            body.put("reasonText", text);
        }
        body.put("requestedAt", Instant.now().toString());
        return body;
    }

    @Test
    void aReviewerApprovesARequestForAPeriodAndTheAgentGetsTheExceptionAndTheAnswer() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Agent agent = console.enroll();
            mounted(agent, STICK);
            Map<String, Object> body = request(STICK, 8, "business", "展示会で資料を渡すため");
            String path = "/api/v1/agents/" + agent.id() + "/device-requests";
            assertThat(agent.client().post(path, body).status()).isEqualTo(201);
            assertThat(agent.client().post(path, body).status()).as("sent again: taken once").isEqualTo(200);

            ApiClient reviewer = console.person("REVIEWER").client();
            JsonNode queue = reviewer.get("/api/admin/device-requests").json();
            assertThat(queue).hasSize(1);
            JsonNode pending = queue.get(0);
            assertThat(pending.get("user").asText()).isEqualTo("tanaka");
            assertThat(pending.get("hours").asInt()).isEqualTo(8);
            assertThat(pending.get("reasonLabelJa").asText()).isNotBlank();
            assertThat(pending.get("reasonText").asText()).isEqualTo("展示会で資料を渡すため");
            String id = pending.get("id").asText();

            ApiClient.Response approved = reviewer.post("/api/admin/device-requests/" + id + "/approve",
                    Map.of("hours", 4, "comment", "展示会の間だけ"));
            assertThat(approved.status()).as(approved.text()).isEqualTo(200);
            assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");
            assertThat(reviewer.post("/api/admin/device-requests/" + id + "/deny", Map.of("comment", "x")).status())
                    .as("decided once").isEqualTo(409);

            JsonNode heartbeat = agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat", Map.of("sentAt",
                    Instant.now().toString(), "status", "RUNNING", "agentVersion", "0.1.0", "policyVersion", 1, "queueLength", 0,
                    "droppedEvents", 0)).json();
            List<String> types = new java.util.ArrayList<>();
            heartbeat.path("commands").forEach(c -> types.add(c.get("type").asText()));
            assertThat(types).contains("GRANT_EXCEPTION", "ANSWER_DEVICE_REQUEST");
            JsonNode grant = null;
            JsonNode answer = null;
            for (JsonNode command : heartbeat.path("commands")) {
                if (command.get("type").asText().equals("GRANT_EXCEPTION")) {
                    grant = command.get("grant");
                } else if (command.get("type").asText().equals("ANSWER_DEVICE_REQUEST")) {
                    answer = command;
                }
            }
            assertThat(grant.get("scope").asText()).isEqualTo("DEVICE");
            assertThat(grant.path("device").path("serial").asText()).isEqualTo("SN-REQ-1");
            Instant until = Instant.parse(grant.get("expiresAt").asText());
            assertThat(until).isBetween(Instant.now().plusSeconds(4 * 3600 - 120), Instant.now().plusSeconds(4 * 3600 + 60));
            assertThat(answer.get("approved").asBoolean()).isTrue();
            assertThat(Instant.parse(answer.get("until").asText())).isEqualTo(until);
            assertThat(answer.get("comment").asText()).isEqualTo("展示会の間だけ");

            ApiClient admin = console.admin().client();
            assertThat(admin.get("/api/admin/audit?action=device-request.approved").json().get("items")).hasSize(1);
            assertThat(admin.get("/api/admin/audit?action=device-request.received").json().get("items")).hasSize(1);
        }
    }

    @Test
    void aDenialNeedsAComment() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Agent agent = console.enroll();
            mounted(agent, STICK);
            assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/device-requests",
                    request(STICK, 24, "customer", null)).status()).isEqualTo(201);
            ApiClient reviewer = console.person("REVIEWER").client();
            String id = reviewer.get("/api/admin/device-requests").json().get(0).get("id").asText();
            assertThat(reviewer.post("/api/admin/device-requests/" + id + "/deny", Map.of()).status()).isEqualTo(400);
            ApiClient.Response denied = reviewer.post("/api/admin/device-requests/" + id + "/deny",
                    Map.of("comment", "私物の USB メモリは使えません。貸出用のものを申請してください。"));
            assertThat(denied.json().get("state").asText()).isEqualTo("DENIED");
            assertThat(reviewer.get("/api/admin/device-requests").json()).as("no longer waiting").isEmpty();
            assertThat(reviewer.get("/api/admin/device-requests?state=DENIED").json()).hasSize(1);
            assertThat(console.person("AUDITOR").client().post("/api/admin/device-requests/" + id + "/approve", Map.of()).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void aRequestTheConsoleCannotTakeIsRefusedWithItsFieldAndNothingIsKept() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Agent agent = console.enroll();
            ConsoleFixture.Agent other = console.enroll();
            mounted(agent, STICK);
            String path = "/api/v1/agents/" + agent.id() + "/device-requests";
            refused(agent.client().post(path, request(STICK, 100_000, "business", null)), 400, "hours");
            refused(agent.client().post(path, request(STICK, 0, "business", null)), 400, "hours");
            refused(agent.client().post(path, request(STICK, 8, "business", "あ".repeat(501))), 400, "reasonText");
            refused(agent.client().post(path, request(STICK, 8, "no-such-reason", null)), 400, "reasonId");
            refused(agent.client().post(path, request(STICK, 8, "other", null)), 400, "reasonText");
            DeviceIdentity unknown = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "NEVER-SEEN", null, null, null,
                    null, 0);
            refused(agent.client().post(path, request(unknown, 8, "business", null)), 400, "device");
            Map<String, Object> noDate = request(STICK, 8, "business", null);
            noDate.remove("requestedAt");
            refused(agent.client().post(path, noDate), 400, "requestedAt");
            // another agent cannot file a request in this one's name
            assertThat(other.client().post(path, request(STICK, 8, "business", null)).status()).isEqualTo(401);
            assertThat(console.client().post(path, request(STICK, 8, "business", null)).status()).isEqualTo(401);

            assertThat(console.admin().client().get("/api/admin/device-requests").json()).isEmpty();
            assertThat(console.admin().client().get("/api/admin/device-requests?state=nonsense").status()).isEqualTo(400);
        }
    }

    private static void refused(ApiClient.Response answer, int status, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json().path("field").asText()).as(answer.text()).isEqualTo(field);
    }
}

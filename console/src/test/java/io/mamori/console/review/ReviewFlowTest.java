package io.mamori.console.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.policy.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A blocked copy from ingest to decision to the agent's result, on both databases. */
class ReviewFlowTest {

    private static JsonNode commands(ConsoleFixture.Agent agent) {
        return agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", null, 0, 0, 0, null)).json().get("commands");
    }

    private static Event blocked(ConsoleFixture.Agent agent) {
        Event event = SyntheticEvents.fileWritten(agent.id(), Action.BLOCK);
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(event))).status())
                .isEqualTo(200);
        return event;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void approvingABlockedCopySendsTheAgentAReleaseAndFollowsItsResult(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = blocked(agent);
        ApiClient reviewer = console.person("REVIEWER").client();
        String id = event.eventId().toString();

        assertThat(reviewer.get("/api/admin/reviews/" + id).json().get("state").asText()).isEqualTo("PENDING");
        ApiClient.Response approved = reviewer.post("/api/admin/reviews/" + id + "/approve", Map.of("comment", "業務上必要と確認"));

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("state").asText()).isEqualTo("RELEASE_REQUESTED");
        JsonNode delivered = commands(agent);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).get("type").asText()).isEqualTo("RELEASE_FILE");
        assertThat(delivered.get(0).get("eventId").asText()).isEqualTo(id);
        assertThat(delivered.get(0).get("sha256").asText()).isEqualTo(event.file().sha256());

        String commandId = delivered.get(0).get("commandId").asText();
        agent.client().post("/api/v1/agents/" + agent.id() + "/commands/" + commandId + "/result",
                new CommandResult(UUID.fromString(commandId), CommandOutcome.DONE, null, Instant.now()));

        assertThat(reviewer.get("/api/admin/reviews/" + id).json().get("state").asText()).isEqualTo("RELEASED");
        JsonNode audit = console.admin().client().get("/api/admin/audit?action=review.approved").json().get("items");
        assertThat(audit).anySatisfy(entry -> assertThat(entry.get("targetId").asText()).isEqualTo(id));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void heldFilesOfACopyTheEmployeeDidNotContinueComeToReviewAndContinuedOnesDoNot(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        UUID timedOut = UUID.randomUUID();
        UUID continued = UUID.randomUUID();
        List<Event> held = List.of(
                SyntheticEvents.inOperation(SyntheticEvents.fileWritten(agent.id(), Action.WARN_OVERRIDE), timedOut),
                SyntheticEvents.inOperation(SyntheticEvents.fileWritten(agent.id(), Action.WARN_OVERRIDE), timedOut),
                SyntheticEvents.inOperation(SyntheticEvents.fileWritten(agent.id(), Action.WARN_OVERRIDE), continued));
        String events = "/api/v1/agents/" + agent.id() + "/events";
        assertThat(agent.client().post(events, new EventBatch(held)).status()).isEqualTo(200);
        ApiClient reviewer = console.person("REVIEWER").client();
        assertThat(reviewer.get("/api/admin/reviews/" + held.get(0).eventId()).status()).as("held, not yet decided").isEqualTo(404);

        assertThat(agent.client().post(events, new EventBatch(List.of(
                SyntheticEvents.userResponse(agent.id(), timedOut, OverrideOutcome.TIMED_OUT, 2),
                SyntheticEvents.userResponse(agent.id(), continued, OverrideOutcome.CONTINUED, 1)))).status()).isEqualTo(200);

        assertThat(reviewer.get("/api/admin/reviews/" + held.get(0).eventId()).json().get("state").asText()).isEqualTo("PENDING");
        assertThat(reviewer.get("/api/admin/reviews/" + held.get(1).eventId()).json().get("state").asText()).isEqualTo("PENDING");
        assertThat(reviewer.get("/api/admin/reviews/" + held.get(2).eventId()).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void denyingSendsAPurgeAndADecidedCopyCannotBeDecidedAgain(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String id = blocked(agent).eventId().toString();
        ApiClient admin = console.admin().client();

        assertThat(admin.post("/api/admin/reviews/" + id + "/deny", Map.of("comment", "持ち出し不可")).json().get("state").asText())
                .isEqualTo("PURGE_REQUESTED");
        ApiClient.Response twice = admin.post("/api/admin/reviews/" + id + "/approve", Map.of());

        assertThat(twice.status()).isEqualTo(409);
        JsonNode delivered = commands(agent);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).get("type").asText()).isEqualTo("PURGE_FILE");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aFailedReleaseCanBeDecidedAgain(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String id = blocked(agent).eventId().toString();
        ApiClient admin = console.admin().client();
        admin.post("/api/admin/reviews/" + id + "/approve", Map.of());
        String commandId = commands(agent).get(0).get("commandId").asText();

        agent.client().post("/api/v1/agents/" + agent.id() + "/commands/" + commandId + "/result",
                new CommandResult(UUID.fromString(commandId), CommandOutcome.FAILED, "the device is not mounted", Instant.now()));

        assertThat(admin.get("/api/admin/reviews/" + id).json().get("state").asText()).isEqualTo("FAILED");
        assertThat(admin.post("/api/admin/reviews/" + id + "/approve", Map.of("destination", "Desktop")).status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aReviewerCannotHaveAReleasedFileWrittenIntoASystemFolder(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String id = blocked(agent).eventId().toString();
        ApiClient reviewer = console.person("REVIEWER").client();

        for (String outside : List.of("/etc/cron.d", "C:\\Windows\\System32", "../../../etc", "~root/.ssh")) {
            ApiClient.Response refused = reviewer.post("/api/admin/reviews/" + id + "/approve", Map.of("destination", outside));
            assertThat(refused.status()).as(outside).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("destination");
        }
        assertThat(commands(agent)).as("no release command was issued").isEmpty();

        ApiClient.Response inHome = reviewer.post("/api/admin/reviews/" + id + "/approve", Map.of("destination", "Desktop"));
        assertThat(inHome.status()).isEqualTo(200);
        assertThat(commands(agent).get(0).get("destination").asText()).isEqualTo("Desktop");
    }

    @Test
    void thePolicysReleaseFoldersNarrowWhereAReleaseMayGo() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ApiClient admin = console.admin().client();
            var policy = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/api/admin/policies/default").json()
                    .get("policy").deepCopy();
            policy.putArray("releaseFolders").add("Desktop");
            long version = admin.get("/api/admin/policies/default").json().path("info").path("version").asLong();
            assertThat(admin.put("/api/admin/policies/default", Map.of("baseVersion", version, "policy", policy)).status())
                    .isEqualTo(200);
            ConsoleFixture.Agent agent = console.enroll();
            String id = blocked(agent).eventId().toString();

            ApiClient.Response downloads = admin.post("/api/admin/reviews/" + id + "/approve", Map.of("destination", "Downloads"));
            assertThat(downloads.status()).isEqualTo(400);
            assertThat(downloads.json().get("message").asText()).contains("releaseFolders").contains("Desktop");
            assertThat(admin.post("/api/admin/reviews/" + id + "/approve", Map.of("destination", "Desktop/released")).status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aDeviceExceptionIsSentToTheAgentAndCanBeRevoked(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = blocked(agent);
        ApiClient reviewer = console.person("REVIEWER").client();

        ApiClient.Response granted = reviewer.post("/api/admin/reviews/" + event.eventId() + "/exception",
                Map.of("scope", "DEVICE", "validForHours", 48, "reason", "取引先への納品用 USB"));

        assertThat(granted.status()).isEqualTo(201);
        JsonNode grant = granted.json().get("grant");
        assertThat(grant.path("device").path("vendorId").asText()).isEqualTo(event.device().vendorId());
        assertThat(grant.path("device").path("serial").asText()).isEqualTo(event.device().serial());
        JsonNode delivered = commands(agent);
        assertThat(delivered.get(0).get("type").asText()).isEqualTo("GRANT_EXCEPTION");
        assertThat(delivered.get(0).path("grant").path("id").asText()).isEqualTo(grant.get("id").asText());

        ApiClient.Response revoked = reviewer.post("/api/admin/exceptions/" + grant.get("id").asText() + "/revoke", null);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(commands(agent)).anySatisfy(c -> assertThat(c.get("type").asText()).isEqualTo("REVOKE_EXCEPTION"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anExceptionMustSayWhyAndForHowLong(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String id = blocked(agent).eventId().toString();
        ApiClient admin = console.admin().client();

        ApiClient.Response noReason = admin.post("/api/admin/reviews/" + id + "/exception", Map.of("scope", "FILE", "validForHours", 1));
        ApiClient.Response tooLong = admin.post("/api/admin/reviews/" + id + "/exception",
                Map.of("scope", "FILE", "validForHours", 24 * 365, "reason", "ずっと"));

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asText()).isEqualTo("validForHours");
        assertThat(commands(agent)).isEmpty();
    }
}

package io.mamori.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.storage.Database;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.MediaWatch;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.signing.PolicySignatureException;
import io.mamori.protocol.signing.PolicyVerifier;
import io.mamori.protocol.signing.VerifiedPolicy;
import io.mamori.protocol.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent API over real HTTPS on both databases: heartbeat and commands, policy, events, authentication. */
class AgentApiTest {

    private static Heartbeat heartbeat(long policyVersion) {
        return new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", "Debian 12", policyVersion, 3, 0, null);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aHeartbeatIsAnsweredWithThePolicyVersionAndIsRecorded(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        PatchStatus patch = new PatchStatus(Instant.now(), OsFamily.LINUX, "6.1.0-18", 4, 2, null, false, null, null, null, "apt", null);

        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", "Debian 12", 0, 7, 0, patch));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("policyVersion").asLong()).isEqualTo(currentVersion(console, "default"));
        assertThat(answer.json().get("nextHeartbeatSeconds").asInt()).isEqualTo(60);
        console.bean(HeartbeatRecorder.class).flush();
        JsonNode stored = console.admin().client().get("/api/admin/agents/" + agent.id()).json();
        assertThat(stored.get("online").asBoolean()).isTrue();
        assertThat(stored.get("queueLength").asLong()).isEqualTo(7);
        assertThat(stored.path("patch").path("pendingSecurityUpdates").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void howAnAgentWatchesRemovableMediaIsStoredAndKeptWhenAHeartbeatLeavesItOut(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String path = "/api/v1/agents/" + agent.id() + "/heartbeat";
        MediaWatch degraded = new MediaWatch(MediaWatch.Mode.DEGRADED, "removable media: cannot open /proc/self/mountinfo");

        assertThat(agent.client().post(path, new Heartbeat(Instant.now(), AgentStatus.DEGRADED, "0.1.0", "Debian 12", 0, 0, 0,
                null, degraded)).status()).isEqualTo(200);
        console.bean(HeartbeatRecorder.class).flush();
        JsonNode stored = console.admin().client().get("/api/admin/agents/" + agent.id()).json();
        assertThat(stored.path("mediaWatch").path("mode").asText()).isEqualTo("DEGRADED");
        assertThat(stored.path("mediaWatch").path("detail").asText()).contains("mountinfo");
        assertThat(stored.path("status").asText()).isEqualTo("DEGRADED");

        // an agent from before the field: what was reported last stays
        assertThat(agent.client().post(path, heartbeat(0)).status()).isEqualTo(200);
        console.bean(HeartbeatRecorder.class).flush();
        assertThat(console.admin().client().get("/api/admin/agents/" + agent.id()).json().path("mediaWatch").path("mode").asText())
                .isEqualTo("DEGRADED");

        // a mode this console does not know, or a detail beyond its limit, is refused with the field named
        String unknownMode = "{\"sentAt\":\"" + Instant.now() + "\",\"status\":\"RUNNING\",\"agentVersion\":\"0.1.0\","
                + "\"mediaWatch\":{\"mode\":\"KERNEL_DRIVER\"}}";
        String longDetail = "{\"sentAt\":\"" + Instant.now() + "\",\"status\":\"RUNNING\",\"agentVersion\":\"0.1.0\","
                + "\"mediaWatch\":{\"mode\":\"DEGRADED\",\"detail\":\"" + "x".repeat(1001) + "\"}}";
        for (String body : List.of(unknownMode, longDetail)) {
            ApiClient.Response refused = agent.client().post(path, body);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).startsWith("mediaWatch");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void wrongUnknownOrRevokedCredentialsGet401WithoutDetail(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        ConsoleFixture.Agent other = console.enroll();
        String path = "/api/v1/agents/" + agent.id() + "/heartbeat";

        ApiClient.Response wrongSecret = console.client().asAgent("x" + agent.secret().substring(1)).post(path, heartbeat(0));
        ApiClient.Response otherAgentsSecret = other.client().post(path, heartbeat(0));
        ApiClient.Response unknownAgent = agent.client().post("/api/v1/agents/" + UUID.randomUUID() + "/heartbeat", heartbeat(0));
        ApiClient.Response noSecret = console.client().post(path, heartbeat(0));
        console.admin().client().post("/api/admin/agents/" + agent.id() + "/revoke", null);
        ApiClient.Response revoked = agent.client().post(path, heartbeat(0));

        for (ApiClient.Response response : List.of(wrongSecret, otherAgentsSecret, unknownAgent, noSecret, revoked)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().get("message").asText()).isEqualTo("unauthorized");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aCommandIsDeliveredWithEveryHeartbeatUntilItsResultArrives(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        ApiClient admin = console.admin().client();
        String heartbeat = "/api/v1/agents/" + agent.id() + "/heartbeat";

        assertThat(agent.client().post(heartbeat, heartbeat(0)).json().get("commands")).isEmpty();
        String commandId = admin.post("/api/admin/agents/" + agent.id() + "/refresh-patch-status", null).json().get("id").asText();

        JsonNode first = agent.client().post(heartbeat, heartbeat(0)).json().get("commands");
        JsonNode second = agent.client().post(heartbeat, heartbeat(0)).json().get("commands");
        assertThat(first).hasSize(1);
        assertThat(first.get(0).get("type").asText()).isEqualTo("REFRESH_PATCH_STATUS");
        assertThat(first.get(0).get("commandId").asText()).isEqualTo(commandId);
        assertThat(second).isEqualTo(first);

        CommandResult result = new CommandResult(UUID.fromString(commandId), CommandOutcome.DONE, null, Instant.now());
        ApiClient.Response reported = agent.client().post("/api/v1/agents/" + agent.id() + "/commands/" + commandId + "/result", result);
        ApiClient.Response again = agent.client().post("/api/v1/agents/" + agent.id() + "/commands/" + commandId + "/result", result);

        assertThat(reported.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(agent.client().post(heartbeat, heartbeat(0)).json().get("commands")).isEmpty();
        JsonNode commands = admin.get("/api/admin/agents/" + agent.id() + "/commands").json();
        assertThat(commands.get(0).get("outcome").asText()).isEqualTo("DONE");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anAgentCannotReportOnAnotherAgentsCommand(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        ConsoleFixture.Agent other = console.enroll();
        String commandId = console.admin().client().post("/api/admin/agents/" + agent.id() + "/refresh-patch-status", null)
                .json().get("id").asText();

        ApiClient.Response answer = other.client().post("/api/v1/agents/" + other.id() + "/commands/" + commandId + "/result",
                new CommandResult(UUID.fromString(commandId), CommandOutcome.DONE, null, Instant.now()));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat", heartbeat(0)).json().get("commands"))
                .hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void thePolicyIsSignedWithThePinnedKeyAndCachedByETag(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String path = "/api/v1/agents/" + agent.id() + "/policy";

        ApiClient.Response policy = agent.client().get(path);

        assertThat(policy.status()).isEqualTo(200);
        VerifiedPolicy verified = new PolicyVerifier(SigningKeys.decodePublicKey(agent.consolePublicKey())).verify(policy.body());
        assertThat(verified.policy().name()).isEqualTo("default");
        assertThat(verified.policy().version()).isEqualTo(currentVersion(console, "default"));
        String etag = policy.header("ETag").orElseThrow();
        ApiClient.Response unchanged = agent.client().get(path, Map.of("If-None-Match", etag));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aTamperedPolicyDoesNotVerifyWithThePinnedKey(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String body = agent.client().get("/api/v1/agents/" + agent.id() + "/policy").text();
        String tampered = body.replace("\"BLOCK\"", "\"ALLOW\"");
        assertThat(tampered).isNotEqualTo(body);

        PolicyVerifier verifier = new PolicyVerifier(SigningKeys.decodePublicKey(agent.consolePublicKey()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PolicySignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(PolicySignatureException.Reason.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void movingAnAgentToAnotherGroupChangesItsPolicy(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String heartbeat = "/api/v1/agents/" + agent.id() + "/heartbeat";
        long before = agent.client().post(heartbeat, heartbeat(0)).json().get("policyVersion").asLong();
        String etagBefore = agent.client().get("/api/v1/agents/" + agent.id() + "/policy").header("ETag").orElseThrow();

        assertThat(console.admin().client().put("/api/admin/agents/" + agent.id() + "/group", Map.of("groupId", "leaving"))
                .status()).isEqualTo(200);

        long after = agent.client().post(heartbeat, heartbeat(before)).json().get("policyVersion").asLong();
        assertThat(after).isEqualTo(currentVersion(console, "leaving")).isNotEqualTo(before);
        ApiClient.Response policy = agent.client().get("/api/v1/agents/" + agent.id() + "/policy", Map.of("If-None-Match", etagBefore));
        assertThat(policy.status()).isEqualTo(200);
        assertThat(new PolicyVerifier(SigningKeys.decodePublicKey(agent.consolePublicKey())).verify(policy.body()).policy().name())
                .isEqualTo("leaving");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anAgentEnrolledBeforeAKeyRotationKeepsItsKey(Db db) throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), null)) {
            ConsoleFixture.Agent before = console.enroll();
            console.bean(io.mamori.console.keys.PolicyKeys.class).rotate();
            ConsoleFixture.Agent after = console.enroll();

            assertThat(after.consoleKeyId()).isNotEqualTo(before.consoleKeyId());
            byte[] oldPolicy = before.client().get("/api/v1/agents/" + before.id() + "/policy").body();
            byte[] newPolicy = after.client().get("/api/v1/agents/" + after.id() + "/policy").body();
            assertThat(new PolicyVerifier(SigningKeys.decodePublicKey(before.consolePublicKey())).verify(oldPolicy)).isNotNull();
            assertThat(new PolicyVerifier(SigningKeys.decodePublicKey(after.consolePublicKey())).verify(newPolicy)).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aBatchSentTwiceIsStoredOnceAndAcceptedBothTimes(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(SyntheticEvents.fileWritten(agent.id(), i % 5 == 0 ? Action.BLOCK : Action.AUDIT));
        }
        String path = "/api/v1/agents/" + agent.id() + "/events";

        ApiClient.Response first = agent.client().post(path, new EventBatch(events));
        ApiClient.Response second = agent.client().post(path, new EventBatch(events));

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(first.json().get("accepted")).hasSize(20);
        assertThat(second.json().get("accepted")).isEqualTo(first.json().get("accepted"));
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", agent.id())).isEqualTo(20);
        assertThat(count(console, "SELECT COUNT(*) FROM review_item WHERE agent_id = ?", agent.id())).isEqualTo(4);
        assertThat(count(console, "SELECT COUNT(*) FROM event_finding f JOIN event e ON e.event_id = f.event_id"
                + " WHERE e.agent_id = ?", agent.id())).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void oneBadEventIsRejectedAloneAndAnotherAgentsEventIsRefused(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        ConsoleFixture.Agent other = console.enroll();
        Event good = SyntheticEvents.fileWritten(agent.id(), Action.AUDIT);
        Event foreign = SyntheticEvents.fileWritten(other.id(), Action.AUDIT);
        var bad = ProtocolJson.toTree(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT)).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("file")).put("sha256", "not-a-hash");
        String batch = "{\"events\":[" + ProtocolJson.write(good) + "," + bad + "," + ProtocolJson.write(foreign) + "]}";

        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/events", batch);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("accepted")).hasSize(1);
        assertThat(answer.json().get("accepted").get(0).asText()).isEqualTo(good.eventId().toString());
        assertThat(answer.json().get("rejected")).hasSize(2);
        assertThat(answer.json().get("rejected").get(0).get("reason").asText()).startsWith("events[1].file.sha256");
        assertThat(answer.json().get("rejected").get(1).get("reason").asText()).contains("another agent");
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", agent.id())).isEqualTo(1);
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", other.id())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anEventFromTheYear10000OrWithANumericTimeIsRejectedAloneAndTheRestStored(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event good = SyntheticEvents.fileWritten(agent.id(), Action.BLOCK);
        var farFuture = (com.fasterxml.jackson.databind.node.ObjectNode) ProtocolJson.toTree(
                SyntheticEvents.fileWritten(agent.id(), Action.AUDIT)).deepCopy();
        farFuture.put("occurredAt", "+10000-01-01T00:00:00Z");
        var numeric = (com.fasterxml.jackson.databind.node.ObjectNode) ProtocolJson.toTree(
                SyntheticEvents.fileWritten(agent.id(), Action.AUDIT)).deepCopy();
        numeric.put("occurredAt", 1_796_598_883_839L);
        String batch = "{\"events\":[" + farFuture + "," + ProtocolJson.write(good) + "," + numeric + "]}";

        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/events", batch);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("accepted")).hasSize(1);
        assertThat(answer.json().get("accepted").get(0).asText()).isEqualTo(good.eventId().toString());
        assertThat(answer.json().get("rejected")).hasSize(2);
        assertThat(answer.json().get("rejected").get(0).get("reason").asText()).startsWith("events[0].occurredAt")
                .contains("between 1970 and 2999");
        assertThat(answer.json().get("rejected").get(1).get("reason").asText()).startsWith("events[2].occurredAt");
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", agent.id())).isEqualTo(1);
        assertThat(count(console, "SELECT COUNT(*) FROM review_item WHERE agent_id = ?", agent.id())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anEventIdAnotherAgentAlreadyUsedIsRejectedNotAnsweredAsAccepted(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent first = console.enroll();
        ConsoleFixture.Agent second = console.enroll();
        Event original = SyntheticEvents.fileWritten(first.id(), Action.BLOCK);
        assertThat(first.client().post("/api/v1/agents/" + first.id() + "/events", new EventBatch(List.of(original)))
                .json().get("accepted")).hasSize(1);
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) ProtocolJson.toTree(
                SyntheticEvents.fileWritten(second.id(), Action.AUDIT)).deepCopy();
        copy.put("eventId", original.eventId().toString());

        ApiClient.Response answer = second.client().post("/api/v1/agents/" + second.id() + "/events",
                "{\"events\":[" + copy + "]}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("accepted")).isEmpty();
        assertThat(answer.json().get("rejected")).hasSize(1);
        assertThat(answer.json().get("rejected").get(0).get("eventId").asText()).isEqualTo(original.eventId().toString());
        assertThat(answer.json().get("rejected").get(0).get("reason").asText()).contains("another agent");
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", second.id())).isZero();
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE event_id = ? AND agent_id = ?", original.eventId().toString(),
                first.id())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void malformedOversizedAndEmptyBatchesChangeNothing(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        String path = "/api/v1/agents/" + agent.id() + "/events";
        String oneEvent = ProtocolJson.write(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK));

        ApiClient.Response truncated = agent.client().post(path, "{\"events\":[" + oneEvent);
        ApiClient.Response trailing = agent.client().post(path, "{\"events\":[" + oneEvent + "]} {}");
        ApiClient.Response empty = agent.client().post(path, "{\"events\":[]}");
        ApiClient.Response notABatch = agent.client().post(path, "[]");
        ApiClient.Response oversized = agent.client().post(path, new byte[10 * 1024 * 1024]);

        assertThat(truncated.status()).isEqualTo(400);
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asText()).isEqualTo("events");
        assertThat(notABatch.status()).isEqualTo(400);
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(count(console, "SELECT COUNT(*) FROM event WHERE agent_id = ?", agent.id())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aHeartbeatWithAMissingFieldIsRefusedNamingIt(Db db) throws Exception {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();

        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                "{\"sentAt\":\"2026-11-23T10:00:00Z\",\"agentVersion\":\"0.1.0\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(answer.json().get("field").asText()).isEqualTo("status");
    }

    static long currentVersion(ConsoleFixture console, String policy) {
        return console.admin().client().get("/api/admin/policies/" + policy).json().path("info").path("version").asLong();
    }

    static long count(ConsoleFixture console, String sql, String... parameters) {
        return console.bean(Database.class).read(c -> {
            try (var s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setString(i + 1, parameters[i]);
                }
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }
}

package io.mamori.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.MutableClock;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.signing.SigningKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Enrollment with good, expired, revoked, used-up and unknown tokens, over real HTTPS, on both databases. */
class EnrollmentTest {

    private static EnrollRequest request(String token) {
        return new EnrollRequest(token, "pc-enroll.example.jp", OsFamily.LINUX, "Debian 12", "0.1.0");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aGoodTokenGivesAnIdentityASecretAndTheConsoleKey(Db db) {
        ConsoleFixture console = db.console();
        String token = console.enrollmentToken("default", 1, 24);

        ApiClient.Response enrolled = console.client().post("/api/v1/enroll", request(token));

        assertThat(enrolled.status()).isEqualTo(201);
        String key = enrolled.json().get("consolePublicKey").asText();
        assertThat(enrolled.json().get("consoleKeyId").asText()).isEqualTo(SigningKeys.keyId(SigningKeys.decodePublicKey(key)));
        String agentId = enrolled.json().get("agentId").asText();
        String secret = enrolled.json().get("agentSecret").asText();
        ApiClient agent = console.client().asAgent(secret);
        assertThat(agent.post("/api/v1/agents/" + agentId + "/heartbeat", heartbeat()).status()).isEqualTo(200);
        // the database keeps only a hash of the secret
        String stored = console.bean(io.mamori.console.storage.Database.class).read(c -> {
            try (var s = c.prepareStatement("SELECT secret_hash FROM agent WHERE id = ?")) {
                s.setString(1, agentId);
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
        assertThat(stored).isNotEqualTo(secret).isEqualTo(io.mamori.console.keys.Secrets.sha256Hex(secret));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anAgentThatRanBeforeItCouldEnrollKeepsTheIdItChoseAndAnIdAlreadyKnownIsRefusedWithoutUsingTheToken(Db db) {
        ConsoleFixture console = db.console();
        String token = console.enrollmentToken("default", 1, 24);
        io.mamori.protocol.AgentId chosen = io.mamori.protocol.AgentId.random();
        EnrollRequest withId = new EnrollRequest(token, "pc-pending.example.jp", OsFamily.LINUX, "Debian 12", "0.1.0", chosen);

        ApiClient.Response enrolled = console.client().post("/api/v1/enroll", withId);
        assertThat(enrolled.status()).isEqualTo(201);
        assertThat(enrolled.json().get("agentId").asText()).isEqualTo(chosen.toString());

        String another = console.enrollmentToken("default", 1, 24);
        ApiClient.Response taken = console.client().post("/api/v1/enroll",
                new EnrollRequest(another, "pc-thief.example.jp", OsFamily.LINUX, "Debian 12", "0.1.0", chosen));
        assertThat(taken.status()).isEqualTo(409);
        // the refused request did not use up the token
        ApiClient.Response fresh = console.client().post("/api/v1/enroll", request(another));
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.json().get("agentId").asText()).isNotEqualTo(chosen.toString());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aTokenIsRefusedOnceItsUsesAreUsedUp(Db db) {
        ConsoleFixture console = db.console();
        String token = console.enrollmentToken("default", 2, 24);

        assertThat(console.client().post("/api/v1/enroll", request(token)).status()).isEqualTo(201);
        assertThat(console.client().post("/api/v1/enroll", request(token)).status()).isEqualTo(201);
        ApiClient.Response third = console.client().post("/api/v1/enroll", request(token));

        assertThat(third.status()).isEqualTo(401);
        assertThat(third.json().get("message").asText()).isEqualTo("unauthorized");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aRevokedTokenIsRefused(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        ApiClient.Response created = admin.post("/api/admin/enrollment-tokens", Map.of("groupId", "default", "maxUses", 10));
        String id = created.json().path("view").path("id").asText();

        assertThat(admin.post("/api/admin/enrollment-tokens/" + id + "/revoke", null).json().get("state").asText())
                .isEqualTo("REVOKED");
        assertThat(console.client().post("/api/v1/enroll", request(created.json().get("token").asText())).status())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anExpiredTokenIsRefused(Db db) {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            String token = console.enrollmentToken("default", 5, 2);
            clock.advance(Duration.ofHours(1));
            assertThat(console.client().post("/api/v1/enroll", request(token)).status()).isEqualTo(201);

            clock.advance(Duration.ofHours(1).plusSeconds(1));

            assertThat(console.client().post("/api/v1/enroll", request(token)).status()).isEqualTo(401);
            assertThat(console.admin().client().get("/api/admin/enrollment-tokens").json().get(0).get("state").asText())
                    .isIn("EXPIRED");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anUnknownTokenIsRefusedAndNothingIsStored(Db db) {
        ConsoleFixture console = db.console();
        long before = agents(console);

        assertThat(console.client().post("/api/v1/enroll", request("not-a-token-anyone-made")).status()).isEqualTo(401);
        assertThat(agents(console)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aRefusedEnrollmentsHostNameCanNeitherForgeALogLineNorReachTheTerminal(Db db) throws Exception {
        ConsoleFixture console = db.console();
        String forged = "pc-01\r\n12:00:00.000 ERROR i.m.c.accounts.Accounts - the administrator's password is hunter2"
                + "\u001b[2J\u001b]0;owned\u0007";
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        ApiClient.Response answer;
        try {
            answer = console.client().post("/api/v1/enroll", new EnrollRequest("not-a-token", forged, OsFamily.LINUX, null, "0.1.0"));
        } finally {
            System.setErr(before);
        }

        assertThat(answer.status()).isEqualTo(401);
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).as("the refusal is logged").contains("enrollment of pc-01\\r\\n12:00:00.000 ERROR");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("12:00:00.000 ERROR i.m.c.accounts"));
        assertThat(log).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b[2J");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aMalformedRequestIsRefusedNamingTheField(Db db) {
        ConsoleFixture console = db.console();

        ApiClient.Response missing = console.client().post("/api/v1/enroll", "{\"token\":\"x\",\"os\":\"LINUX\",\"agentVersion\":\"1\"}");
        ApiClient.Response badOs = console.client().post("/api/v1/enroll",
                "{\"token\":\"x\",\"hostname\":\"h\",\"os\":\"AMIGA\",\"agentVersion\":\"1\"}");
        ApiClient.Response notJson = console.client().post("/api/v1/enroll", "{\"token\":");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("hostname");
        assertThat(badOs.status()).isEqualTo(400);
        assertThat(badOs.json().get("field").asText()).isEqualTo("os");
        assertThat(notJson.status()).isEqualTo(400);
    }

    private static long agents(ConsoleFixture console) {
        return console.bean(io.mamori.console.storage.Database.class).read(c -> {
            try (var s = c.prepareStatement("SELECT COUNT(*) FROM agent"); var r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    static Heartbeat heartbeat() {
        return new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", "Debian 12", 0, 0, 0, null);
    }
}

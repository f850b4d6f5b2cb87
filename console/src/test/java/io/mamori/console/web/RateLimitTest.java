package io.mamori.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.patch.OsFamily;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-agent and per-address limits; one agent's excess does not slow another. */
class RateLimitTest {

    @Test
    void anAgentOverItsAllowanceGets429WhileOthersGoOn() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.agent-requests-per-second", 0.01,
                "mamori.console.agent-request-burst", 5), null)) {
            ConsoleFixture.Agent busy = console.enroll();
            ConsoleFixture.Agent quiet = console.enroll();
            Map<String, Object> heartbeat = Map.of("sentAt", "2026-11-23T10:00:00Z", "status", "RUNNING", "agentVersion", "0.1.0");
            for (int i = 0; i < 5; i++) {
                assertThat(busy.client().post("/api/v1/agents/" + busy.id() + "/heartbeat", heartbeat).status()).isEqualTo(200);
            }

            ApiClient.Response limited = busy.client().post("/api/v1/agents/" + busy.id() + "/heartbeat", heartbeat);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isPresent();
            assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(quiet.client().post("/api/v1/agents/" + quiet.id() + "/heartbeat", heartbeat).status()).isEqualTo(200);
        }
    }

    @Test
    void guessingEnrollmentTokensOrPasswordsFromOneAddressIsSlowedDown() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.anonymous-requests-per-second", 0.01,
                "mamori.console.anonymous-request-burst", 3), null)) {
            EnrollRequest guess = new EnrollRequest("guess", "pc.example.jp", OsFamily.LINUX, null, "0.1.0");
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                if (console.client().post("/api/v1/enroll", guess).status() == 429) {
                    limited++;
                }
            }
            assertThat(limited).isEqualTo(3);
            assertThat(console.client().post("/api/admin/session", Map.of("username", "admin", "password", "x")).status())
                    .isEqualTo(429);
        }
    }

    @Test
    void aVariantOfASignInOrEnrollmentPathIsLimitedAsMuchAsThePathItself() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.anonymous-requests-per-second", 0.01,
                "mamori.console.anonymous-request-burst", 2), null)) {
            Map<String, String> guess = Map.of("username", "nobody", "password", "a guess");
            for (int i = 0; i < 2; i++) { // the address's allowance, spent on the plain path
                assertThat(console.client().post("/api/admin/session", guess).status()).isEqualTo(401);
            }
            assertThat(console.client().post("/api/admin/session", guess).status()).isEqualTo(429);
            int reachedTheDoorBefore = 0;
            for (String path : new String[] {"/api/admin/session/", "//api/admin/session", "/api/admin//session",
                    "/api/admin/./session", "/api/admin/session?x=1", "/api/v1/enroll/", "/api/v1/enroll?x=1",
                    "/api/admin/session/second-factor/"}) {
                for (int i = 0; i < 3; i++) {
                    // an empty object: the sign-in door answers SIGN_IN_FAILED, enrollment 400 — only if reached
                    ApiClient.Response answer = console.client().post(path, path.contains("enroll") ? "{}" : guess);
                    String code = answer.json().path("code").asText();
                    boolean reached = code.equals("SIGN_IN_FAILED") || answer.status() == 400;
                    assertThat(reached).as(path + " reached the door past the address's spent allowance: " + answer).isFalse();
                    if (code.equals("RATE_LIMITED")) {
                        reachedTheDoorBefore++;
                    }
                }
            }
            assertThat(reachedTheDoorBefore).as("some spellings route to the doors (and are limited)").isPositive();
        }
    }
}

package io.mamori.agent.uninstall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.Enrollment;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running agent against a real console: a removal refused while it was down reaches the
 * console as an ENFORCEMENT_FAILED "removal refused:" event at the time of the refusal and its
 * record goes; the console's group token replaces the installer's hash.
 */
class RefusedRemovalReachesTheConsoleTest {

    @TempDir
    Path dir;

    @Test
    void aRefusalIsReportedAndTheConsolesTokenIsKept() throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            StateDirectory state = StateDirectory.open(dir.resolve("agent"));
            Enrollment.enroll(console, state, "pc-uninstall.example.jp");
            AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
            UninstallToken.keep(state, HexFormat.of().formatHex(UninstallToken.sha256("installers-token-0001")));
            Instant refusedAt = Instant.parse("2026-11-20T08:00:00Z");
            new RefusedRemovals(state).record(refusedAt, "the uninstall token given does not match", "root");
            String consoleToken = console.admin().client().post("/api/admin/groups/default/uninstall-token", null).json()
                    .get("token").asText();

            try (AgentService agent = AgentService.start(state, identity, AgentConfig.defaults(), Clock.systemUTC())) {
                String agentId = identity.agentId().toString();
                Await.until("the refusal at the console", Duration.ofSeconds(60), () -> !refusals(console, agentId).isEmpty());
                JsonNode event = refusals(console, agentId).get(0);
                assertThat(event.path("detail").asText()).isEqualTo(
                        "removal refused: the uninstall token given does not match (account root)");
                assertThat(Instant.parse(event.path("occurredAt").asText())).isEqualTo(refusedAt);
                Await.until("the console's hash kept", Duration.ofSeconds(30), () -> UninstallToken.check(state, consoleToken)
                        == UninstallToken.Verdict.ALLOWED_MATCH);
                assertThat(UninstallToken.check(state, "installers-token-0001")).isEqualTo(UninstallToken.Verdict.REFUSED_WRONG_TOKEN);
                Await.until("the record deleted", Duration.ofSeconds(10), () -> pending(state) == 0);
            }
        }
    }

    private static int pending(StateDirectory state) {
        try {
            return new RefusedRemovals(state).pending().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> refusals(ConsoleFixture console, String agentId) {
        return ConsoleEvents.of(console.admin().client(), agentId, "ENFORCEMENT_FAILED").stream()
                .map(e -> console.admin().client().get("/api/admin/events/" + e.path("eventId").asText()).json().path("event"))
                .filter(e -> e.path("detail").asText().startsWith("removal refused:")).toList();
    }
}

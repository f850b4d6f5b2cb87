package io.mamori.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Patch compliance per agent and for the fleet, over HTTP, from the patch reports agents send in heartbeats. */
class PatchComplianceApiTest {

    private static void report(ConsoleFixture.Agent agent, PatchStatus patch) {
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", "Debian 12", 1, 0, 0, patch)).status()).isEqualTo(200);
    }

    private static PatchStatus status(int pendingSecurity, int daysSinceSecurityUpdate, boolean reboot, int rebootDays) {
        Instant now = Instant.now();
        return new PatchStatus(now, OsFamily.LINUX, "12.8", pendingSecurity + 2, pendingSecurity,
                now.minus(Duration.ofDays(daysSinceSecurityUpdate)), reboot, reboot ? now.minus(Duration.ofDays(rebootDays)) : null,
                "6.1.0-28-amd64", "6.1.0-28-amd64", "apt", null);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void eachAgentsVerdictAndTheFleetsShareCompliant(Db db) throws Exception {
        // a console of its own: the tally counts every agent of the console, and is kept for a minute
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), null)) {
            ConsoleFixture.Agent fine = console.enroll();
            ConsoleFixture.Agent behind = console.enroll();
            ConsoleFixture.Agent restart = console.enroll();
            ConsoleFixture.Agent silent = console.enroll();
            // the default policy: at most 30 days since a security update, a restart pending at most 7 days
            report(fine, status(0, 3, false, 0));
            report(behind, status(4, 45, false, 0));
            report(restart, status(0, 3, true, 10));
            var admin = console.admin().client();
            Thread.sleep(600); // heartbeats are written in batches (200 ms in tests)

            JsonNode one = admin.get("/api/admin/agents/" + behind.id() + "/patch-compliance").json();
            assertThat(one.get("verdict").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(one.get("reasons").toString()).contains("patch.reason.daysSinceSecurityUpdate", "45", "30");
            assertThat(admin.get("/api/admin/agents/" + fine.id() + "/patch-compliance").json().get("verdict").asText())
                    .isEqualTo("COMPLIANT");
            assertThat(admin.get("/api/admin/agents/" + restart.id() + "/patch-compliance").json().get("reasons").toString())
                    .contains("patch.reason.rebootPending");
            assertThat(admin.get("/api/admin/agents/" + silent.id() + "/patch-compliance").json().get("verdict").asText())
                    .isEqualTo("UNKNOWN");

            JsonNode fleet = admin.get("/api/admin/patch-compliance").json();
            assertThat(fleet.get("agents").asLong()).isEqualTo(4);
            assertThat(fleet.get("verdicts").get("COMPLIANT").asLong()).isEqualTo(1);
            assertThat(fleet.get("verdicts").get("NON_COMPLIANT").asLong()).isEqualTo(2);
            assertThat(fleet.get("verdicts").get("UNKNOWN").asLong()).isEqualTo(1);
            // one of the three with a known verdict
            assertThat(fleet.get("compliantPercent").asDouble()).isCloseTo(33.33, org.assertj.core.data.Offset.offset(0.01));

            assertThat(console.client().get("/api/admin/patch-compliance").status()).isEqualTo(401);
            assertThat(admin.get("/api/admin/agents/no-such-agent/patch-compliance").status()).isEqualTo(404);
        }
    }
}

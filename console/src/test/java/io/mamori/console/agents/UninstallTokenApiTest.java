package io.mamori.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Uninstall tokens over the admin API on both databases: made per group and per agent (the
 * agent's own overrides its group's), kept sealed, shown to administrators only and audited
 * without the token, and their SHA-256 in the heartbeat answer of the agents they apply to.
 */
class UninstallTokenApiTest {

    private static String newGroup(ConsoleFixture console) {
        String id = "it-" + Long.toHexString(System.nanoTime());
        ApiClient.Response created = console.admin().client().post("/api/admin/groups",
                Map.of("id", id, "nameJa", "情報システム部", "nameEn", "IT", "policyName", "default"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return id;
    }

    private static JsonNode heartbeat(ConsoleFixture.Agent agent) {
        ApiClient.Response answer = agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                Map.of("sentAt", "2026-11-23T10:00:00Z", "status", "RUNNING", "agentVersion", "0.1.0"));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private static List<JsonNode> audit(ConsoleFixture console, String targetId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : console.admin().client().get("/api/admin/audit?limit=500").json().get("items")) {
            if (targetId.equals(entry.path("targetId").asText()) && entry.path("action").asText().startsWith("uninstall-token.")) {
                found.add(entry);
            }
        }
        return found;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aGroupsTokenIsMadeShownRotatedAndItsHashReachesTheGroupsAgents(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String group = newGroup(console);
        ConsoleFixture.Agent agent = console.enroll(group);
        String path = "/api/admin/groups/" + group + "/uninstall-token";

        assertThat(admin.get(path).json().path("scope").asText("").isEmpty()).isTrue();
        assertThat(heartbeat(agent).has("uninstallTokenSha256")).as("no token: nothing sent, the agent keeps its own").isFalse();

        ApiClient.Response made = admin.post(path, null);
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String token = made.json().get("token").asText();
        assertThat(token).hasSize(43);
        assertThat(made.json().get("sha256").asText()).isEqualTo(Secrets.sha256Hex(token));
        assertThat(heartbeat(agent).path("uninstallTokenSha256").asText()).isEqualTo(Secrets.sha256Hex(token));

        JsonNode view = admin.get(path).json();
        assertThat(view.path("scope").asText()).isEqualTo("group");
        assertThat(view.path("sha256").asText()).isEqualTo(Secrets.sha256Hex(token));
        assertThat(view.toString()).doesNotContain(token);
        assertThat(admin.post(path + "/show", null).json().path("token").asText()).isEqualTo(token);

        ApiClient.Response rotated = admin.post(path, Map.of());
        String next = rotated.json().get("token").asText();
        assertThat(next).isNotEqualTo(token);
        assertThat(heartbeat(agent).path("uninstallTokenSha256").asText()).isEqualTo(Secrets.sha256Hex(next));

        List<JsonNode> entries = audit(console, group);
        assertThat(entries).extracting(e -> e.path("action").asText())
                .contains("uninstall-token.created", "uninstall-token.shown", "uninstall-token.rotated");
        assertThat(entries.toString()).doesNotContain(token).doesNotContain(next);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anAgentsOwnTokenOverridesItsGroupsUntilItIsDropped(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String group = newGroup(console);
        ConsoleFixture.Agent agent = console.enroll(group);
        ConsoleFixture.Agent neighbour = console.enroll(group);
        String groupToken = admin.post("/api/admin/groups/" + group + "/uninstall-token", null).json().get("token").asText();
        String agentPath = "/api/admin/agents/" + agent.id() + "/uninstall-token";

        ApiClient.Response own = admin.post(agentPath, Map.of("token", "IT-chose-this-token-0042"));
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.json().path("scope").asText()).isEqualTo("agent");
        assertThat(heartbeat(agent).path("uninstallTokenSha256").asText()).isEqualTo(Secrets.sha256Hex("IT-chose-this-token-0042"));
        assertThat(heartbeat(neighbour).path("uninstallTokenSha256").asText()).isEqualTo(Secrets.sha256Hex(groupToken));
        assertThat(admin.post(agentPath + "/show", null).json().path("token").asText()).isEqualTo("IT-chose-this-token-0042");
        assertThat(admin.post("/api/admin/agents/" + neighbour.id() + "/uninstall-token/show", null).json()
                .path("scope").asText()).isEqualTo("group");

        JsonNode dropped = admin.delete(agentPath).json();
        assertThat(dropped.path("scope").asText()).isEqualTo("group");
        assertThat(heartbeat(agent).path("uninstallTokenSha256").asText()).isEqualTo(Secrets.sha256Hex(groupToken));
        assertThat(audit(console, agent.id())).extracting(e -> e.path("action").asText())
                .contains("uninstall-token.created", "uninstall-token.shown", "uninstall-token.removed");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void theTokenIsSealedAtRestAndOnlyItsHashIsPlain(Db db) {
        ConsoleFixture console = db.console();
        String group = newGroup(console);
        String token = console.admin().client().post("/api/admin/groups/" + group + "/uninstall-token", null).json()
                .get("token").asText();
        String[] row = console.bean(Database.class).read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sealed, sha256 FROM uninstall_token WHERE scope = 'group'"
                    + " AND target_id = ?")) {
                s.setString(1, group);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new String[] {r.getString(1), r.getString(2)};
                }
            }
        });
        assertThat(row[0]).startsWith("v1:").doesNotContain(token);
        assertThat(row[1]).isEqualTo(Secrets.sha256Hex(token));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aChosenTokenIsCheckedAndOnlyAdministratorsReachTokens(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String group = newGroup(console);
        String path = "/api/admin/groups/" + group + "/uninstall-token";
        for (String bad : new String[] {"short", "has a space in it, sixteen+", "x".repeat(201), "トークンは英数字でなければならない"}) {
            ApiClient.Response refused = admin.post(path, Map.of("token", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as(bad).endsWith("token");
        }
        assertThat(admin.get(path).json().path("scope").asText("").isEmpty()).as("nothing was made").isTrue();
        assertThat(admin.post("/api/admin/groups/no-such-group/uninstall-token", null).status()).isEqualTo(404);
        assertThat(admin.post("/api/admin/agents/" + UUID.randomUUID() + "/uninstall-token/show", null).status()).isEqualTo(404);
        assertThat(admin.post(path + "/show", null).status()).as("none made yet").isEqualTo(404);

        admin.post(path, null);
        for (String role : new String[] {"REVIEWER", "AUDITOR"}) {
            ApiClient other = console.person(role).client();
            assertThat(other.get(path).status()).as(role).isEqualTo(403);
            assertThat(other.post(path + "/show", null).status()).as(role).isEqualTo(403);
            assertThat(other.post(path, null).status()).as(role).isEqualTo(403);
        }
        assertThat(console.client().post(path + "/show", null).status()).as("signed out").isEqualTo(401);
    }
}

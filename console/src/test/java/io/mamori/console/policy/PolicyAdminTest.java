package io.mamori.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Publishing policy versions: validation, lost-update protection, history and diff, on both databases. */
class PolicyAdminTest {

    private static ObjectNode currentDocument(ApiClient admin, String name) {
        return (ObjectNode) admin.get("/api/admin/policies/" + name).json().get("policy").deepCopy();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void publishingMakesANewVersionWithHistoryAndADiffByRuleId(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String name = "dept-" + System.nanoTime();
        ObjectNode draft = (ObjectNode) DefaultPolicies.draft("default");

        ApiClient.Response created = admin.put("/api/admin/policies/" + name,
                Map.of("baseVersion", 0, "comment", "営業部向け", "policy", draft));
        assertThat(created.status()).isEqualTo(200);
        long first = created.json().get("version").asLong();

        ObjectNode changed = currentDocument(admin, name);
        ((ObjectNode) changed.get("rules").get(2)).put("action", "BLOCK");
        ApiClient.Response published = admin.put("/api/admin/policies/" + name,
                Map.of("baseVersion", first, "comment", "確度 中もブロック", "policy", changed));

        assertThat(published.status()).isEqualTo(200);
        long second = published.json().get("version").asLong();
        assertThat(second).isGreaterThan(first);
        JsonNode history = admin.get("/api/admin/policies/" + name + "/versions").json();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("comment").asText()).isEqualTo("確度 中もブロック");
        JsonNode diff = admin.get("/api/admin/policies/" + name + "/diff?from=" + first + "&to=" + second).json();
        assertThat(diff).hasSize(1);
        assertThat(diff.get(0).get("path").asText()).isEqualTo("rules[id=warn-medium].action");
        assertThat(diff.get(0).get("before").asText()).isEqualTo("WARN_OVERRIDE");
        assertThat(diff.get(0).get("after").asText()).isEqualTo("BLOCK");
        assertThat(admin.get("/api/admin/policies/" + name + "/versions/" + first).json().path("policy").path("rules")
                .get(2).get("action").asText()).isEqualTo("WARN_OVERRIDE");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aChangeMadeFromAnOlderVersionIsRefusedAndNothingIsLost(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String name = "conflict-" + System.nanoTime();
        long first = admin.put("/api/admin/policies/" + name, Map.of("baseVersion", 0, "policy", DefaultPolicies.draft("default")))
                .json().get("version").asLong();
        ObjectNode mine = currentDocument(admin, name);
        mine.put("description", "mine");
        ObjectNode theirs = currentDocument(admin, name);
        theirs.put("description", "theirs");

        assertThat(admin.put("/api/admin/policies/" + name, Map.of("baseVersion", first, "policy", theirs)).status()).isEqualTo(200);
        ApiClient.Response late = admin.put("/api/admin/policies/" + name, Map.of("baseVersion", first, "policy", mine));

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("message").asText()).contains("reload");
        assertThat(currentDocument(admin, name).get("description").asText()).isEqualTo("theirs");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anInvalidPolicyIsRefusedNamingTheFieldAndNothingIsPublished(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        ObjectNode deviceActionOnFiles = currentDocument(admin, "default");
        ((ObjectNode) deviceActionOnFiles.get("rules").get(0)).put("action", "READ_ONLY");
        ObjectNode typo = currentDocument(admin, "default");
        typo.putArray("rulez");
        ObjectNode unknownType = currentDocument(admin, "default");
        ((ObjectNode) unknownType.get("rules").get(0).get("when").get("findings").get(0)).putArray("types").add("CUSTOM:nothing");
        long version = admin.get("/api/admin/policies/default").json().path("info").path("version").asLong();

        ApiClient.Response wrongAction = admin.put("/api/admin/policies/default", Map.of("baseVersion", version, "policy", deviceActionOnFiles));
        ApiClient.Response unknownField = admin.put("/api/admin/policies/default", Map.of("baseVersion", version, "policy", typo));
        ApiClient.Response undefined = admin.put("/api/admin/policies/default", Map.of("baseVersion", version, "policy", unknownType));

        assertThat(wrongAction.status()).isEqualTo(400);
        assertThat(wrongAction.json().get("field").asText()).startsWith("policy.rules[0]");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("field").asText()).isEqualTo("policy.rulez");
        assertThat(undefined.status()).isEqualTo(400);
        assertThat(undefined.json().get("field").asText()).isEqualTo("policy.rules[0].when.findings[0].types");
        assertThat(admin.get("/api/admin/policies/default").json().path("info").path("version").asLong()).isEqualTo(version);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aCustomDetectorWithAPatternOnlyABacktrackingEngineRunsIsRefusedAtPublish(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        ObjectNode lookAhead = currentDocument(admin, "default");
        lookAhead.putArray("customDetectors").addObject().put("name", "codes").putArray("patterns").add("(\\d{3})-\\1(?=x)");
        long version = admin.get("/api/admin/policies/default").json().path("info").path("version").asLong();

        ApiClient.Response refused = admin.put("/api/admin/policies/default", Map.of("baseVersion", version, "policy", lookAhead));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("policy.customDetectors[0].patterns[0]");
        assertThat(refused.json().get("message").asText()).contains("linear-time engine").contains("RE2");
        assertThat(admin.get("/api/admin/policies/default").json().path("info").path("version").asLong()).isEqualTo(version);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aGroupCanBeMadeForADepartmentWithItsOwnPolicy(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        String policy = "sales-" + System.nanoTime();
        admin.put("/api/admin/policies/" + policy, Map.of("baseVersion", 0, "policy", DefaultPolicies.draft("default")));
        String group = "sales-" + System.nanoTime();

        ApiClient.Response created = admin.post("/api/admin/groups",
                Map.of("id", group, "nameJa", "営業部", "nameEn", "Sales", "policyName", policy));
        ApiClient.Response noPolicy = admin.post("/api/admin/groups",
                Map.of("id", group + "-x", "nameJa", "営業部", "nameEn", "Sales", "policyName", "no-such-policy"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(noPolicy.status()).isEqualTo(400);
        assertThat(noPolicy.json().get("field").asText()).isEqualTo("policyName");
        ConsoleFixture.Agent agent = console.enroll(group);
        JsonNode heartbeat = agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                Map.of("sentAt", "2026-11-23T10:00:00Z", "status", "RUNNING", "agentVersion", "0.1.0")).json();
        assertThat(heartbeat.get("policyVersion").asLong())
                .isEqualTo(admin.get("/api/admin/policies/" + policy).json().path("info").path("version").asLong());
    }
}

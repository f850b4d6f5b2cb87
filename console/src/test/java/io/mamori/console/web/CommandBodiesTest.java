package io.mamori.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are command objects bound by Micronaut and checked with Bean Validation, with the
 * protocol's strict reading rules and each route's size limit; every refusal has the same body:
 * code, message, field.
 */
class CommandBodiesTest {

    @Test
    void aBodyBreakingTheProtocolsReadingRulesIsRefusedNamingTheField() {
        ConsoleFixture console = Db.SQLITE.console();
        ApiClient admin = console.admin().client();

        ApiClient.Response duplicate = console.client().post("/api/admin/session",
                "{\"username\":\"admin\",\"username\":\"other\",\"password\":\"x\"}");
        ApiClient.Response wrongType = admin.post("/api/admin/accounts", "{\"username\":\"typed\",\"role\":42}");
        ApiClient.Response trailing = admin.post("/api/admin/enrollment-tokens", "{\"groupId\":\"default\"} {}");

        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("message").asText()).contains("malformed JSON").containsIgnoringCase("duplicate");
        assertThat(duplicate.json().get("field").asText()).isEqualTo("username");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("field").asText()).isEqualTo("role");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.json().get("code").asText()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void aCommandBreakingItsConstraintsIsRefusedNamingTheFieldWithItsMessage() {
        ConsoleFixture console = Db.SQLITE.console();
        ApiClient admin = console.admin().client();

        ApiClient.Response longName = admin.post("/api/admin/accounts",
                Map.of("username", "long-name", "displayName", "名".repeat(201), "role", "AUDITOR"));
        ApiClient.Response noRole = admin.post("/api/admin/accounts", Map.of("username", "no-role"));
        ApiClient.Response shortToken = admin.post("/api/admin/enrollment-tokens", Map.of("groupId", "default", "validForHours", 0.5));
        ApiClient.Response noGroup = admin.put("/api/admin/agents/" + console.enroll().id() + "/group", Map.of());

        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.json().get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(longName.json().get("field").asText()).isEqualTo("displayName");
        assertThat(longName.json().get("message").asText()).isEqualTo("must be at most 200 characters");
        assertThat(noRole.json().get("field").asText()).isEqualTo("role");
        assertThat(noRole.json().get("message").asText()).isEqualTo("is required: ADMIN, REVIEWER or AUDITOR");
        assertThat(shortToken.json().get("field").asText()).isEqualTo("validForHours");
        assertThat(noGroup.json().get("field").asText()).isEqualTo("groupId");
        assertThat(noGroup.json().get("message").asText()).isEqualTo("is required");
    }

    @Test
    void aBodyOverItsRoutesLimitIsRefusedBeforeItIsRead() {
        ConsoleFixture console = Db.SQLITE.console();

        ApiClient.Response tooLarge = console.client().post("/api/admin/session",
                "{\"username\":\"admin\",\"password\":\"" + "x".repeat(20 * 1024) + "\"}");
        ApiClient.Response missing = console.admin().client().post("/api/admin/accounts", null);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("message").asText()).contains("at most 16384");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    }
}

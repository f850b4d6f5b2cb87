package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.keys.Secrets;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent's page in a real browser, in Japanese and English: an administrator makes the group's
 * uninstall token, shows it (audited), rotates it, gives the agent its own and goes back to the
 * group's; a reviewer sees none of it.
 */
class UninstallTokenUiTest {

    @Test
    void anAdministratorMakesShowsAndRotatesUninstallTokensInBothLanguages() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Person admin = console.admin();
            for (String language : List.of("ja", "en")) {
                String group = "ui-" + language;
                assertThat(admin.client().post("/api/admin/groups", Map.of("id", group, "nameJa", "経理部", "nameEn", "Accounts",
                        "policyName", "default")).status()).isEqualTo(201);
                ConsoleFixture.Agent agent = console.enroll(group);
                try (UiBrowser browser = UiBrowser.open(console, language)) {
                    browser.useSession(admin.client()).go("/ui/fleet/" + agent.id()).waitForLoad();
                    assertThat(browser.text("#uninstall-panel h2")).isEqualTo(language.equals("ja") ? "アンインストールトークン"
                            : "Uninstall token");
                    assertThat(browser.all("#show-uninstall-token")).as("nothing to show yet").isEmpty();

                    browser.clickAndLoad("#new-group-uninstall-token");
                    String made = browser.text("#uninstall-token");
                    assertThat(made).hasSize(43);
                    assertThat(browser.text("#uninstall-done")).contains(language.equals("ja") ? "グループ" : "group");
                    assertThat(browser.text("#uninstall-sha256")).isEqualTo(Secrets.sha256Hex(made));
                    assertThat(browser.path()).doesNotContain(made);
                    assertThat(heartbeatHash(agent)).isEqualTo(Secrets.sha256Hex(made));
                    browser.screenshot("ui-uninstall-token-" + language);

                    browser.go("/ui/fleet/" + agent.id()).waitForLoad();
                    assertThat(browser.all("#uninstall-token")).as("shown only on request").isEmpty();
                    browser.clickAndLoad("#show-uninstall-token");
                    assertThat(browser.text("#uninstall-token")).isEqualTo(made);

                    browser.clickAndLoad("#new-group-uninstall-token");
                    String rotated = browser.text("#uninstall-token");
                    assertThat(rotated).isNotEqualTo(made);
                    assertThat(heartbeatHash(agent)).isEqualTo(Secrets.sha256Hex(rotated));

                    browser.clickAndLoad("#new-agent-uninstall-token");
                    String own = browser.text("#uninstall-token");
                    assertThat(browser.text("#uninstall-scope")).contains(language.equals("ja") ? "専用" : "own");
                    assertThat(heartbeatHash(agent)).isEqualTo(Secrets.sha256Hex(own));

                    browser.clickAndLoad("#remove-agent-uninstall-token");
                    assertThat(browser.text("#uninstall-scope")).isEqualTo(language.equals("ja") ? "グループのトークン"
                            : "The group’s token");
                    assertThat(heartbeatHash(agent)).isEqualTo(Secrets.sha256Hex(rotated));
                }
                JsonNode shown = admin.client().get("/api/admin/audit?action=uninstall-token.shown").json().get("items");
                assertThat(shown.toString()).contains(agent.id());
            }

            ConsoleFixture.Agent any = console.enroll("ui-en");
            ApiClient reviewer = console.person("REVIEWER").client();
            try (UiBrowser browser = UiBrowser.open(console, "en")) {
                browser.useSession(reviewer).go("/ui/fleet/" + any.id()).waitForLoad();
                assertThat(browser.all("#uninstall-panel")).isEmpty();
            }
        }
    }

    private static String heartbeatHash(ConsoleFixture.Agent agent) {
        return agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                Map.of("sentAt", "2026-11-23T10:00:00Z", "status", "RUNNING", "agentVersion", "0.1.0")).json()
                .path("uninstallTokenSha256").asText();
    }
}

package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.signing.PolicyVerifier;
import io.mamori.protocol.signing.SigningKeys;
import io.mamori.protocol.signing.VerifiedPolicy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The policy editor in a real browser: an administrator edits a rule and the allow-list, is told
 * clearly what is wrong without losing the input, previews the change against the stored events
 * of the last 7 days, publishes a signed version the agent receives, reads it in the history and
 * the diff, and meets a concurrent publication as a clear conflict. An auditor reads only.
 */
class PolicyUiTest {

    private static final String EDITOR = "/ui/policy/default";
    /** What Chromium sends: routes are matched on it, so a hand-made request must send it too to reach the same route. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void anAdministratorPreviewsAndPublishesAnEditAndAnAuditorOnlyReads() throws Exception {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Agent agent = console.enroll();
            Instant now = Instant.now();
            List<Event> events = new ArrayList<>();
            // under the shipped default policy every one of these copies is blocked (My Number, HIGH, unapproved stick)
            for (int i = 0; i < 4; i++) {
                events.add(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK, "user" + i, "0781", "5583", now.minus(Duration.ofHours(i + 1))));
            }
            for (int i = 0; i < 2; i++) {
                events.add(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK, "user9", "0951", "1666", now.minus(Duration.ofDays(2 + i))));
            }
            events.add(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK, "user8", "0781", "5583", now.minus(Duration.ofDays(10))));
            events.add(SyntheticEvents.agentStarted(agent.id()));
            assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(events)).status()).isEqualTo(200);

            ConsoleFixture.Person admin = console.admin();
            long first = admin.client().get("/api/admin/policies/default").json().path("info").path("version").asLong();
            long published;

            try (UiBrowser browser = UiBrowser.open(console, "ja").useSession(admin.client())) {
                browser.go("/ui/policy");
                assertThat(browser.text("#policies")).contains("default", "leaving", "全社（既定）", "退職予定者");
                browser.go(EDITOR);
                assertThat(browser.text("h1")).contains("ポリシー", "default");
                assertThat(browser.find("#rule-0 code").getText()).isEqualTo("block-personal-high");
                browser.screenshot("ui-policy");

                // an invalid edit: a vendor id that is not one; the message names it, the input stays
                select(browser, "#rule-0-action", "WARN");
                browser.type("#device-0-vendor", "zz").type("#device-0-note", "経理部 暗号化USB");
                browser.click("#preview-button");
                assertThat(browser.text("#device-0-error")).contains("この値は受け付けられません", "policy.deviceAllowList[0].vendorId");
                assertThat(browser.text("#form-refused")).contains("公開していません");
                assertThat(browser.find("#device-0-vendor").getAttribute("value")).isEqualTo("zz");
                assertThat(browser.find("#device-0-note").getAttribute("value")).isEqualTo("経理部 暗号化USB");
                assertThat(new Select(browser.find("#rule-0-action")).getFirstSelectedOption().getAttribute("value")).isEqualTo("WARN");
                assertThat(browser.all("#preview")).isEmpty();

                // a number field the form checks itself, in the person's language
                browser.type("#device-0-vendor", "0781").type("#device-0-product", "5583").type("#patch-maxRebootPendingDays", "一週間");
                browser.click("#preview-button");
                assertThat(browser.text("#patch-maxRebootPendingDays-error")).contains("「一週間」は整数ではありません");

                // the preview: the 4 copies to the now approved stick fall to the default (AUDIT); the 2 others
                // still meet warn-medium (WARN_OVERRIDE), stronger than the edited rule's WARN; the 10-day-old copy
                // and the agent start are not counted
                browser.type("#patch-maxRebootPendingDays", "5");
                browser.click("#preview-button");
                assertThat(browser.text("#preview-summary")).isEqualTo("直近 7 日間のイベント 6 件を確認：判定が変わるのは 6 件です。");
                assertThat(browser.text("#preview")).contains("現在「ブロック」のコピー 4 件が「記録」になります",
                        "現在「ブロック」のコピー 2 件が「本人の確認待ち」になります", "マイナンバー（個人番号） 高 ×3", "氏名 中 ×12");
                assertThat(browser.all(".preview-change[data-from=BLOCK][data-to=AUDIT] tbody tr")).hasSize(3);
                assertThat(browser.all(".preview-change[data-from=BLOCK][data-to=WARN_OVERRIDE] tbody tr")).hasSize(2);
                assertThat(browser.find("#device-0-note").getAttribute("value")).isEqualTo("経理部 暗号化USB");
                assertThat(admin.client().get("/api/admin/policies/default").json().path("info").path("version").asLong())
                        .as("a preview publishes nothing").isEqualTo(first);
                browser.screenshot("ui-policy-preview");

                // publish: a new version, signed, that the agent receives
                browser.type("#comment", "経理部の暗号化USBを承認");
                acceptConfirmations(browser);
                browser.click("#publish-button").waitForPath(EDITOR + "?published=");
                assertThat(browser.text("#published")).contains("署名して公開しました");
                JsonNode current = admin.client().get("/api/admin/policies/default").json();
                published = current.path("info").path("version").asLong();
                assertThat(published).isGreaterThan(first);
                assertThat(current.path("info").path("createdBy").asText()).isEqualTo(admin.username());
                assertThat(current.path("policy").path("rules").get(0).path("action").asText()).isEqualTo("WARN");
                assertThat(current.path("policy").path("deviceAllowList").get(0).path("vendorId").asText()).isEqualTo("0781");
                assertThat(current.path("policy").path("patch").path("maxRebootPendingDays").asInt()).isEqualTo(5);
                assertThat(current.path("policy").path("patch").path("maxDaysSinceSecurityUpdate").asInt())
                        .as("what the form did not change is kept").isEqualTo(30);
                ApiClient.Response signed = agent.client().get("/api/v1/agents/" + agent.id() + "/policy");
                assertThat(signed.status()).isEqualTo(200);
                VerifiedPolicy received = new PolicyVerifier(SigningKeys.decodePublicKey(agent.consolePublicKey())).verify(signed.body());
                assertThat(received.policy().version()).isEqualTo(published);
                assertThat(received.policy().deviceAllowList().get(0).description()).isEqualTo("経理部 暗号化USB");

                // history and diff
                browser.click("#history-link").waitForPath(EDITOR + "/history");
                assertThat(browser.text("#versions tr[data-version='" + published + "']")).contains(admin.username(), "経理部の暗号化USBを承認", "適用中");
                assertThat(browser.text("#diff")).contains("rules[id=block-personal-high].action", "- BLOCK", "+ WARN",
                        "deviceAllowList", "patch.maxRebootPendingDays", "+ 5");
                browser.screenshot("ui-policy-history");

                // a concurrent edit: someone publishes through the API while this form is open
                browser.go(EDITOR);
                browser.type("#patch-maxPendingSecurityUpdates", "3");
                ObjectNode theirs = (ObjectNode) current.path("policy").deepCopy();
                theirs.put("description", "他の管理者による変更");
                assertThat(admin.client().put("/api/admin/policies/default",
                        Map.of("baseVersion", published, "comment", "meanwhile", "policy", theirs)).status()).isEqualTo(200);
                long meanwhile = admin.client().get("/api/admin/policies/default").json().path("info").path("version").asLong();
                acceptConfirmations(browser);
                browser.click("#publish-button");
                assertThat(browser.text("#conflict")).contains("バージョン " + meanwhile, "公開されていません", "入力した内容は下のフォームに残って");
                assertThat(browser.find("#patch-maxPendingSecurityUpdates").getAttribute("value")).isEqualTo("3");
                assertThat(browser.find("#conflict-diff").getAttribute("href")).contains("from=" + published, "to=" + meanwhile);
                acceptConfirmations(browser);
                browser.click("#publish-button").waitForPath(EDITOR + "?published=");
                JsonNode merged = admin.client().get("/api/admin/policies/default").json().path("policy");
                assertThat(merged.path("patch").path("maxPendingSecurityUpdates").asInt()).isEqualTo(3);
                assertThat(merged.path("description").asText()).as("the other change is kept").isEqualTo("他の管理者による変更");
            }

            try (UiBrowser browser = UiBrowser.open(console, "en").useSession(admin.client())) {
                browser.go(EDITOR);
                assertThat(browser.text("h1")).contains("Policy", "default");
                browser.screenshot("ui-policy");
                select(browser, "#rule-1-action", "WARN");
                browser.click("#preview-button");
                assertThat(browser.text("#preview-summary")).isEqualTo("6 events of the last 7 days checked: 0 decisions would change.");
                select(browser, "#rule-0-action", "BLOCK");
                browser.type("#device-0-vendor", "");
                browser.type("#device-0-product", "");
                browser.type("#device-0-note", "");
                browser.click("#preview-button");
                assertThat(browser.text("#preview")).contains("4 copies now \"Recorded\" would be \"Blocked\"",
                        "2 copies now \"Held for the user's answer\" would be \"Blocked\"", "the user’s groups");
                browser.screenshot("ui-policy-preview");
                // the advanced JSON: a broken document is refused with a clear message, the text kept
                browser.go(EDITOR);
                browser.driver().findElement(org.openqa.selenium.By.cssSelector("#advanced summary")).click();
                browser.type("#policy-json", "{\"format\": 1, \"rulez\": []");
                browser.clickAndLoad("#preview-json");
                assertThat(browser.text("#json-error")).contains("This is not valid JSON");
                assertThat(browser.find("#policy-json").getAttribute("value")).isEqualTo("{\"format\": 1, \"rulez\": []");
                browser.type("#policy-json", browser.find("#policy-json").getAttribute("value") + "}");
                browser.clickAndLoad("#preview-json");
                assertThat(browser.text("#json-error")).contains("This is not accepted", "policy.");
                browser.go(EDITOR + "/history?from=" + first + "&to=" + published);
                assertThat(browser.text("#diff-heading")).contains("From version " + first + " to version " + published);
                browser.screenshot("ui-policy-history");
            }

            ConsoleFixture.Person auditor = console.person("AUDITOR");
            try (UiBrowser browser = UiBrowser.open(console, "ja").useSession(auditor.client())) {
                browser.go(EDITOR);
                assertThat(browser.text("#read-only")).contains("閲覧のみ");
                assertThat(browser.all("main form")).isEmpty();
                assertThat(browser.all("main input, main textarea, main select")).isEmpty();
                assertThat(browser.text("#policy-json")).contains("block-personal-high");
                browser.go(EDITOR + "/history");
                assertThat(browser.all("#versions tbody tr")).hasSizeGreaterThanOrEqualTo(4);
            }
            long before = admin.client().get("/api/admin/policies/default").json().path("info").path("version").asLong();
            // a form forged by hand, with the auditor's own valid token: the server refuses it, it does not just hide the form
            ApiClient.Response forged = postFormAsBrowser(auditor.client(), EDITOR + "/form", List.of(Map.entry("_csrf", auditor.client().csrf()),
                    Map.entry("baseVersion", String.valueOf(before)), Map.entry("defaultFileAction", "ALLOW"), Map.entry("do", "publish")));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(forged.text()).contains("この操作の権限がありません");
            ApiClient.Response forgedJson = postFormAsBrowser(auditor.client(), EDITOR + "/json", List.of(Map.entry("_csrf", auditor.client().csrf()),
                    Map.entry("baseVersion", String.valueOf(before)), Map.entry("json", "{}"), Map.entry("do", "publish")));
            assertThat(forgedJson.status()).isEqualTo(403);
            // the control: the same hand-made form from an administrator is accepted
            ApiClient.Response control = postFormAsBrowser(admin.client(), EDITOR + "/form", List.of(Map.entry("_csrf", admin.client().csrf()),
                    Map.entry("baseVersion", String.valueOf(before)), Map.entry("defaultFileAction", "AUDIT"), Map.entry("do", "preview")));
            assertThat(control.status()).isEqualTo(200);
            assertThat(control.text()).contains("id=\"preview-summary\"");
            assertThat(admin.client().get("/api/admin/policies/default").json().path("info").path("version").asLong()).isEqualTo(before);
            assertThat(console.person("REVIEWER").client().get("/ui/policy", Map.of("Accept", BROWSER_ACCEPT)).status()).isEqualTo(403);
        }
    }

    /** A form as a browser posts it, with a browser's Accept header (refusals come back as pages). */
    private static ApiClient.Response postFormAsBrowser(ApiClient client, String path, List<Map.Entry<String, String>> fields) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return client.send("POST", path, body.toString(), Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Accept", BROWSER_ACCEPT, "Accept-Language", "ja"));
    }

    private static void select(UiBrowser browser, String css, String value) {
        new Select(browser.find(css)).selectByValue(value);
    }

    /** The publish buttons ask first (data-confirm); the person says yes. */
    private static void acceptConfirmations(UiBrowser browser) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("window.confirm = function () { return true; };");
    }
}

package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.incidents.Incidents;
import io.mamori.console.incidents.ResponseStep;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.Action;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Incidents in a real browser: opened from two events, the APPI assessment with its due dates,
 * the improper-purpose judgement moving the 確報 to 60 days, steps advanced with notes, the audit
 * trail; an auditor reads without forms and is refused a forged form.
 */
class IncidentUiTest {

    /** A window tall enough for the picture to show the whole assessment box. */
    private static UiBrowser tall(UiBrowser browser) {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1350));
        return browser;
    }

    @Test
    void twoFilesOfSixHundredCustomersEachAreOverAThousandPeopleTogetherAndOverlappingOnesAreNot() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event first = SyntheticEvents.withPeople(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT), 0, 600);
        Event second = SyntheticEvents.withPeople(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT), 600, 1200);
        Event overlapping = SyntheticEvents.withPeople(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT), 300, 900);
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(first, second,
                overlapping))).status()).isEqualTo(200);
        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        try (UiBrowser browser = UiBrowser.open(console, "ja").useSession(reviewer.client())) {
            browser.go("/ui/incidents/new?events=" + first.eventId() + "&events=" + second.eventId()).waitForLoad();
            browser.type("#title", "二つの名簿の持ち出し（テスト）").click("#open-incident").waitForPath("/ui/incidents/0");
            assertThat(browser.find("#people-across-files").getAttribute("data-people")).isEqualTo("1200");
            assertThat(browser.text("#people-across-files")).contains("1200 人");
            assertThat(browser.find("#triggers li[data-trigger=OVER_1000_PEOPLE]").getAttribute("data-found")).isEqualTo("true");
            assertThat(browser.find("#verdict").getAttribute("data-verdict")).isEqualTo("REQUIRED");

            browser.go("/ui/incidents/new?events=" + first.eventId() + "&events=" + overlapping.eventId()).waitForLoad();
            browser.type("#title", "重なる名簿の持ち出し（テスト）").click("#open-incident").waitForPath("/ui/incidents/0");
            assertThat(browser.find("#people-across-files").getAttribute("data-people")).as("300 in both").isEqualTo("900");
            assertThat(browser.find("#triggers li[data-trigger=OVER_1000_PEOPLE]").getAttribute("data-found")).isEqualTo("false");
        }
    }

    @Test
    void aReviewerOpensAnIncidentFromTwoEventsAndFollowsItThroughTheAppiAssessmentAndTheSteps() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event copied = SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT), 12,
                ReportableTrigger.FINANCIAL);
        Event blocked = SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK), 1840,
                ReportableTrigger.OVER_1000_PEOPLE);
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(copied, blocked)))
                .status()).isEqualTo(200);
        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        String incidentPath;

        try (UiBrowser browser = UiBrowser.open(console, "ja").useSession(reviewer.client())) {
            browser.go("/ui/incidents/new?events=" + copied.eventId() + "&events=" + blocked.eventId()).waitForLoad();
            assertThat(browser.title()).contains("インシデントを作成");
            assertThat(browser.find("#events").getAttribute("value")).contains(copied.eventId().toString(),
                    blocked.eventId().toString());
            assertThat(browser.all("#selected-events tbody tr")).hasSize(2);

            browser.type("#title", "顧客名簿の USB 持ち出し（営業部・テスト）").click("#open-incident").waitForPath("/ui/incidents/0");
            incidentPath = browser.path();
            assertThat(browser.text("#incident-title")).isEqualTo("顧客名簿の USB 持ち出し（営業部・テスト）");
            assertThat(browser.all("#incident-events tbody tr")).hasSize(2);
            assertThat(browser.text("#incident-events")).doesNotContain("1234-5678").contains("マイナンバー");

            // the APPI assessment: financial data and more than 1,000 people; one copy went through
            assertThat(browser.find("#verdict").getAttribute("data-verdict")).isEqualTo("REQUIRED");
            assertThat(browser.text("#verdict")).contains("個人情報保護委員会への報告が必要");
            assertThat(browser.find("#triggers li[data-trigger=FINANCIAL]").getAttribute("data-found")).isEqualTo("true");
            assertThat(browser.find("#triggers li[data-trigger=OVER_1000_PEOPLE]").getAttribute("data-found")).isEqualTo("true");
            assertThat(browser.find("#triggers li[data-trigger=SENSITIVE_PERSONAL]").getAttribute("data-found")).isEqualTo("false");
            assertThat(browser.find("#triggers li[data-trigger=IMPROPER_PURPOSE]").getAttribute("data-found")).isEqualTo("false");
            LocalDate aware = LocalDate.parse(browser.text("#aware-on"));
            assertThat(browser.text("#preliminary-due")).contains(aware.plusDays(3).toString(), aware.plusDays(5).toString());
            assertThat(browser.find("#final-due").getAttribute("data-days")).isEqualTo("30");
            assertThat(browser.text("#final-due")).contains(aware.plusDays(30).toString());
            assertThat(browser.text("#not-legal-advice")).contains("法的判断を支援するもので、代わるものではありません");

            // an insider taking it to sell: improper purpose, so the 確報 is due in 60 days
            browser.click("#improper-yes").click("#save-judgement").waitForPath(incidentPath);
            assertThat(browser.find("#final-due").getAttribute("data-days")).isEqualTo("60");
            assertThat(browser.text("#final-due")).contains(aware.plusDays(60).toString());
            assertThat(browser.find("#triggers li[data-trigger=IMPROPER_PURPOSE]").getAttribute("data-found")).isEqualTo("true");

            // the steps: a note, then two steps finished with notes
            assertThat(browser.text(".steps li.current")).isEqualTo("検知");
            browser.type("#note", "情報システム部から連絡を受けた").click("#add-note").waitForPath(incidentPath);
            browser.type("#note", "担当者を決定し、営業部長に連絡").click("#advance").waitForPath(incidentPath);
            browser.type("#note", "USB メモリーを回収、アカウントを一時停止").click("#advance").waitForPath(incidentPath);
            assertThat(browser.text(".steps li.current")).isEqualTo("調査");
            assertThat(browser.all(".steps li.passed")).hasSize(2);
            assertThat(browser.text("#current-step")).isEqualTo("調査");
            assertThat(browser.all("#history tbody tr")).hasSize(4);
            assertThat(browser.text("#history")).contains("USB メモリーを回収", "段階を完了", reviewer.username());

            browser.click("#advance"); // without a note: refused, nothing changes
            assertThat(browser.text(".steps li.current")).isEqualTo("調査");
            tall(browser).go(incidentPath).waitForLoad().screenshot("ui-incident");

            browser.go("/ui/incidents").waitForLoad();
            assertThat(browser.text("#incidents")).contains("顧客名簿の USB 持ち出し", "調査", reviewer.username(), "報告必要");
            browser.screenshot("ui-incidents");
        }

        // an older incident whose 速報 is overdue, to see the list mark it
        Incidents incidents = console.bean(Incidents.class);
        ApiClient client = reviewer.client();
        ApiClient.Response opened = client.postForm("/ui/incidents", List.of(Map.entry("_csrf", client.csrf()),
                Map.entry("title", "退職予定者による持ち出し（テスト）"), Map.entry("events", blocked.eventId().toString())));
        String overdueId = opened.header("Location").orElseThrow().substring("/ui/incidents/".length());
        assertThat(client.postForm("/ui/incidents/" + overdueId + "/judgement", List.of(Map.entry("_csrf", client.csrf()),
                Map.entry("improperPurpose", "no"), Map.entry("dataLeft", "YES"),
                Map.entry("awareOn", incidents.today().minusDays(8).toString()), Map.entry("preliminaryReportedOn", ""),
                Map.entry("finalReportedOn", ""))).status()).isEqualTo(303);

        try (UiBrowser browser = UiBrowser.open(console, "en").useSession(reviewer.client())) {
            tall(browser).go(incidentPath).waitForLoad();
            assertThat(browser.text("#verdict")).contains("Report to the Personal Information Protection Commission");
            assertThat(browser.text(".steps li.current")).isEqualTo("Investigation");
            browser.screenshot("ui-incident");
            browser.go("/ui/incidents").waitForLoad();
            assertThat(browser.all("#incidents td.overdue")).isNotEmpty();
            assertThat(browser.text("#incidents")).contains("overdue");
            browser.screenshot("ui-incidents");
        }

        String id = incidentPath.substring("/ui/incidents/".length());
        JsonNode audit = console.admin().client().get("/api/admin/audit?limit=200").json().get("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(entry -> {
            if (id.equals(entry.path("targetId").asText())) {
                actions.add(entry.get("action").asText());
                assertThat(entry.get("actor").asText()).isEqualTo(reviewer.username());
            }
        });
        assertThat(actions).containsExactly("incident.advanced", "incident.advanced", "incident.noted", "incident.judged",
                "incident.opened");
        assertThat(audit.toString()).contains("\"improperPurpose\":{\"from\":\"false\",\"to\":\"true\"}");
    }

    @Test
    void anAuditorReadsIncidentsWithoutFormsAndAForgedFormIsRefused() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK), 3,
                ReportableTrigger.SENSITIVE_PERSONAL);
        agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(event)));
        ApiClient admin = console.admin().client();
        String id = admin.postForm("/ui/incidents", List.of(Map.entry("_csrf", admin.csrf()), Map.entry("title", "監査用"),
                Map.entry("events", event.eventId().toString()))).header("Location").orElseThrow()
                .substring("/ui/incidents/".length());
        ConsoleFixture.Person auditor = console.person("AUDITOR");

        try (UiBrowser browser = UiBrowser.open(console, "en").useSession(auditor.client())) {
            browser.go("/ui/incidents/" + id).waitForLoad();
            assertThat(browser.text("#incident-title")).isEqualTo("監査用");
            assertThat(browser.find("#verdict").getAttribute("data-verdict")).isEqualTo("REQUIRED_IF_LEFT");
            assertThat(browser.text("#verdict")).contains("Report required if the data left");
            assertThat(browser.all("main form")).isEmpty();
            assertThat(browser.text("#judgements")).contains("not yet known");
            browser.go("/ui/incidents").waitForLoad();
            assertThat(browser.all("#new-incident")).isEmpty();
            browser.go("/ui/incidents/new").waitForLoad();
            assertThat(browser.title()).contains("You may not do this");
        }

        ApiClient client = auditor.client();
        ApiClient.Response forged = client.postForm("/ui/incidents/" + id + "/advance", List.of(Map.entry("_csrf", client.csrf()),
                Map.entry("from", "DETECTION"), Map.entry("note", "監査担当による変更")));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(console.bean(Incidents.class).get(id).incident().step()).isEqualTo(ResponseStep.DETECTION);
    }
}

package io.mamori.console.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Incidents stored and changed through the web UI's forms on both databases: opened from
 * events, assessed, advanced, judged; bad input refused with nothing lost; auditors refused.
 */
class IncidentFlowTest {

    private static List<Event> store(ConsoleFixture.Agent agent, Event... events) {
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(events))).status())
                .isEqualTo(200);
        return List.of(events);
    }

    private static ApiClient.Response form(ApiClient client, String path, String... fields) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        entries.add(Map.entry("_csrf", client.csrf()));
        for (int i = 0; i < fields.length; i += 2) {
            entries.add(Map.entry(fields[i], fields[i + 1]));
        }
        return client.postForm(path, entries);
    }

    /** Opens an incident through the form and returns its id. */
    static String open(ApiClient client, String title, Event... events) {
        List<String> fields = new ArrayList<>(List.of("title", title));
        for (Event event : events) {
            fields.add("events");
            fields.add(event.eventId().toString());
        }
        ApiClient.Response opened = form(client, "/ui/incidents", fields.toArray(String[]::new));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(303);
        String location = opened.header("Location").orElseThrow();
        assertThat(location).startsWith("/ui/incidents/");
        return location.substring("/ui/incidents/".length());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anIncidentOpenedFromEventsIsAssessedAdvancedJudgedAndAudited(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        List<Event> events = store(agent,
                SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.AUDIT), 12, ReportableTrigger.FINANCIAL),
                SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK), 1500,
                        ReportableTrigger.OVER_1000_PEOPLE, ReportableTrigger.SENSITIVE_PERSONAL));
        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        Incidents incidents = console.bean(Incidents.class);

        String id = open(reviewer.client(), "顧客名簿の持ち出し（テスト）", events.get(0), events.get(1));

        Incidents.Detail opened = incidents.get(id);
        assertThat(opened.incident().owner()).isEqualTo(reviewer.username());
        assertThat(opened.incident().step()).isEqualTo(ResponseStep.DETECTION);
        assertThat(opened.events()).extracting(e -> e.eventId()).containsExactlyInAnyOrder(
                events.get(0).eventId().toString(), events.get(1).eventId().toString());
        AppiAssessment assessment = opened.assessment();
        assertThat(assessment.verdict()).as("one copy went through: a possible leak").isEqualTo(AppiAssessment.Verdict.REQUIRED);
        assertThat(assessment.triggerList()).containsExactly(AppiAssessment.Trigger.SENSITIVE_PERSONAL,
                AppiAssessment.Trigger.FINANCIAL, AppiAssessment.Trigger.OVER_1000_PEOPLE);
        assertThat(assessment.awareOn()).isEqualTo(incidents.today());
        assertThat(assessment.finalBy()).isEqualTo(incidents.today().plusDays(30));

        assertThat(form(reviewer.client(), "/ui/incidents/" + id + "/advance", "from", "DETECTION", "note", "営業部長に連絡")
                .status()).isEqualTo(303);
        ApiClient.Response twice = form(reviewer.client(), "/ui/incidents/" + id + "/advance", "from", "DETECTION",
                "note", "二重送信");
        assertThat(twice.status()).as("a form sent twice moves once").isEqualTo(409);
        assertThat(form(reviewer.client(), "/ui/incidents/" + id + "/judgement", "improperPurpose", "yes", "dataLeft", "YES",
                "awareOn", incidents.today().minusDays(1).toString(), "preliminaryReportedOn", "", "finalReportedOn", "")
                .status()).isEqualTo(303);

        Incidents.Detail judged = incidents.get(id);
        assertThat(judged.incident().step()).isEqualTo(ResponseStep.INITIAL_RESPONSE);
        assertThat(judged.assessment().finalDays()).isEqualTo(60);
        assertThat(judged.assessment().finalBy()).isEqualTo(incidents.today().minusDays(1).plusDays(60));
        assertThat(judged.history()).extracting(Incidents.HistoryEntry::kind)
                .containsExactly(Incidents.HistoryKind.OPENED, Incidents.HistoryKind.ADVANCED);
        assertThat(judged.history().get(1).note()).isEqualTo("営業部長に連絡");
        assertThat(judged.history().get(1).actor()).isEqualTo(reviewer.username());

        JsonNode audit = console.admin().client().get("/api/admin/audit?limit=200").json().get("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(entry -> {
            if (id.equals(entry.path("targetId").asText())) {
                actions.add(entry.get("action").asText());
            }
        });
        assertThat(actions).containsExactly("incident.judged", "incident.advanced", "incident.opened");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void badInputIsRefusedWithAMessageAndNothingStoredIsLost(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event blocked = store(agent, SyntheticEvents.reportable(SyntheticEvents.fileWritten(agent.id(), Action.BLOCK), 3,
                ReportableTrigger.SENSITIVE_PERSONAL)).get(0);
        ApiClient admin = console.admin().client();
        Incidents incidents = console.bean(Incidents.class);
        int before = incidents.list(false).size();

        ApiClient.Response longTitle = form(admin, "/ui/incidents", "title", "長".repeat(201), "events", blocked.eventId().toString());
        assertThat(longTitle.status()).isEqualTo(400);
        assertThat(longTitle.text()).contains("title: is required, at most 200 characters");
        ApiClient.Response unknown = form(admin, "/ui/incidents", "title", "t", "events", "0192a000-0000-7000-8000-000000000000");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("no such event");
        assertThat(form(admin, "/ui/incidents", "title", "t", "events", "not-an-id").status()).isEqualTo(400);
        assertThat(incidents.list(false)).hasSize(before);

        String id = open(admin, "ブロックのみ", blocked);
        assertThat(incidents.get(id).assessment().verdict()).as("every copy blocked")
                .isEqualTo(AppiAssessment.Verdict.REQUIRED_IF_LEFT);
        ApiClient.Response noNote = form(admin, "/ui/incidents/" + id + "/advance", "from", "DETECTION", "note", "  ");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(form(admin, "/ui/incidents/" + id + "/advance", "from", "NOWHERE", "note", "x").status()).isEqualTo(400);
        assertThat(form(admin, "/ui/incidents/" + id + "/owner", "owner", "nobody-such").status()).isEqualTo(400);
        ApiClient.Response future = form(admin, "/ui/incidents/" + id + "/judgement", "improperPurpose", "yes", "dataLeft", "NO",
                "awareOn", incidents.today().plusDays(1).toString(), "preliminaryReportedOn", "", "finalReportedOn", "");
        assertThat(future.status()).isEqualTo(400);
        assertThat(form(admin, "/ui/incidents/" + id + "/judgement", "improperPurpose", "yes", "dataLeft", "NO",
                "awareOn", "2026-13-01", "preliminaryReportedOn", "", "finalReportedOn", "").status()).isEqualTo(400);

        Incidents.Incident unchanged = incidents.get(id).incident();
        assertThat(unchanged.step()).isEqualTo(ResponseStep.DETECTION);
        assertThat(unchanged.improperPurpose()).isFalse();
        assertThat(unchanged.dataLeft()).isEqualTo(AppiAssessment.DataLeft.UNKNOWN);
        assertThat(unchanged.owner()).isEqualTo("admin");

        assertThat(form(admin, "/ui/incidents/" + id + "/judgement", "improperPurpose", "no", "dataLeft", "NO",
                "awareOn", incidents.today().toString(), "preliminaryReportedOn", "", "finalReportedOn", "").status()).isEqualTo(303);
        assertThat(incidents.get(id).assessment().verdict()).isEqualTo(AppiAssessment.Verdict.NOT_LEFT);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void finishingTheLastStepClosesTheIncidentForGood(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = store(agent, SyntheticEvents.fileWritten(agent.id(), Action.AUDIT)).get(0);
        ApiClient admin = console.admin().client();
        Incidents incidents = console.bean(Incidents.class);
        String id = open(admin, "全段階", event);
        for (ResponseStep step : ResponseStep.values()) {
            assertThat(form(admin, "/ui/incidents/" + id + "/advance", "from", step.name(), "note", step + " 完了").status())
                    .isEqualTo(303);
        }
        Incidents.Incident closed = incidents.get(id).incident();
        assertThat(closed.closed()).isTrue();
        assertThat(incidents.list(true)).extracting(s -> s.incident().id()).contains(id);
        assertThat(incidents.list(false)).extracting(s -> s.incident().id()).doesNotContain(id);
        assertThat(form(admin, "/ui/incidents/" + id + "/note", "note", "後から").status()).isEqualTo(409);
        assertThat(incidents.get(id).history()).hasSize(1 + ResponseStep.values().length);
        ApiClient auditor = console.person("AUDITOR").client();
        assertThat(auditor.get("/ui/incidents/" + id).status()).isEqualTo(200);
        ApiClient.Response forged = form(auditor, "/ui/incidents/" + id + "/note", "note", "監査担当は書けない");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("<html");
        assertThat(admin.get("/ui/incidents/0192a000-0000-7000-8000-000000000000").status()).isEqualTo(404);
    }
}

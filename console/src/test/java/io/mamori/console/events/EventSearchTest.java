package io.mamori.console.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Action;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Searching, paging and exporting the operation log, on both databases. */
class EventSearchTest {

    private static final Instant BASE = Instant.parse("2026-10-01T00:00:00Z");

    /** 60 events of one agent: users u1/u2, devices 0781:5583 and 0951:1666, every tenth BLOCK, one per minute. */
    private static ConsoleFixture.Agent seed(ConsoleFixture console) {
        ConsoleFixture.Agent agent = console.enroll();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(SyntheticEvents.fileWritten(agent.id(), i % 10 == 0 ? Action.BLOCK : Action.AUDIT, i % 2 == 0 ? "u1" : "u2",
                    i < 30 ? "0781" : "0951", i < 30 ? "5583" : "1666", BASE.plus(i, ChronoUnit.MINUTES)));
        }
        events.add(SyntheticEvents.agentStarted(agent.id()));
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(events)).status()).isEqualTo(200);
        return agent;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void filtersCombineAndPagesCoverEveryEventOnce(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = seed(console);
        ApiClient auditor = console.person("AUDITOR").client();
        String base = "/api/admin/events?agentId=" + agent.id();

        assertThat(auditor.get(base + "&limit=500").json().get("items")).hasSize(61);
        assertThat(auditor.get(base + "&user=u1&limit=500").json().get("items")).hasSize(30);
        assertThat(auditor.get(base + "&action=block&limit=500").json().get("items")).hasSize(6);
        assertThat(auditor.get(base + "&device=0951:1666&limit=500").json().get("items")).hasSize(30);
        assertThat(auditor.get(base + "&kind=AGENT_STARTED").json().get("items")).hasSize(1);
        assertThat(auditor.get(base + "&findingType=JP_MY_NUMBER&limit=500").json().get("items")).hasSize(60);
        assertThat(auditor.get(base + "&findingType=CREDIT_CARD").json().get("items")).isEmpty();
        String window = "&from=" + BASE.plus(10, ChronoUnit.MINUTES) + "&to=" + BASE.plus(20, ChronoUnit.MINUTES);
        JsonNode inWindow = auditor.get(base + window + "&user=u2").json().get("items");
        assertThat(inWindow).hasSize(5);
        assertThat(inWindow.get(0).get("occurredAt").asText()).isEqualTo(BASE.plus(19, ChronoUnit.MINUTES).toString());

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = auditor.get(base + "&limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(item -> assertThat(seen.add(item.get("eventId").asText())).isTrue());
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(61);
        assertThat(pages).isEqualTo(9);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void badFiltersAreRefusedNamingThem(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();

        assertThat(admin.get("/api/admin/events?action=EXPLODE").json().get("field").asText()).isEqualTo("action");
        assertThat(admin.get("/api/admin/events?findingType=not%20a%20type").json().get("field").asText()).isEqualTo("findingType");
        assertThat(admin.get("/api/admin/events?limit=0").json().get("field").asText()).isEqualTo("limit");
        assertThat(admin.get("/api/admin/events?cursor=%25%25%25").status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/events?from=yesterday").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anEventInFullIsWhatTheAgentSent(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = SyntheticEvents.fileWritten(agent.id(), Action.BLOCK);
        String sent = "{\"events\":[" + io.mamori.protocol.json.ProtocolJson.write(event).replaceFirst("\\{", "{\"futureField\":42,") + "]}";
        agent.client().post("/api/v1/agents/" + agent.id() + "/events", sent);

        JsonNode detail = console.admin().client().get("/api/admin/events/" + event.eventId()).json();

        assertThat(detail.path("event").path("futureField").asInt()).as("fields a newer agent adds are kept").isEqualTo(42);
        assertThat(detail.path("event").path("classification").path("findings").get(0).path("samples").get(0).asText())
                .isEqualTo("1234-****-**18");
        assertThat(detail.get("reviewState").asText()).isEqualTo("PENDING");
        assertThat(console.admin().client().get("/api/admin/events/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void theCsvExportHasEveryMatchingRowInTheReadersLanguageWithoutSamples(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Agent agent = seed(console);
        ApiClient admin = console.admin().client();

        ApiClient.Response csv = admin.get("/api/admin/events/export.csv?agentId=" + agent.id() + "&action=BLOCK&lang=ja");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(csv.header("X-Mamori-Rows")).contains("6");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF発生日時 (UTC),種別");
        assertThat(text.strip().split("\r\n")).hasSize(7);
        assertThat(text).contains("JP_MY_NUMBER/HIGH/3").doesNotContain("****");
        String english = new String(admin.get("/api/admin/events/export.csv?agentId=" + agent.id() + "&limit=1",
                Map.of("Accept-Language", "en-US")).body(), StandardCharsets.UTF_8);
        assertThat(english).startsWith("\uFEFFOccurred (UTC),Kind");
    }
}

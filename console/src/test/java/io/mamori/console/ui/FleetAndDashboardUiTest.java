package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.MediaWatch;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.policy.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard, the fleet and the event search in a real browser, over data that real agents
 * sent: heartbeats with patch reports, a bulk copy, activity in the leaving-employees group.
 */
class FleetAndDashboardUiTest {

    @Test
    void showsWhatNeedsAttentionInBothLanguages() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.bulk-copy-files", 5), null)) {
            ConsoleFixture.Agent behind = console.enroll();
            ConsoleFixture.Agent leaver = console.enroll("leaving");
            // 45 days since the last security update: over the default policy's 30
            PatchStatus old = new PatchStatus(Instant.now(), OsFamily.LINUX, "6.1.0-18", 9, 3,
                    Instant.now().minus(Duration.ofDays(45)), false, null, null, null, "apt", null);
            assertThat(behind.client().post("/api/v1/agents/" + behind.id() + "/heartbeat",
                    new Heartbeat(Instant.now(), AgentStatus.DEGRADED, "0.1.0", "Debian 12", 1, 0, 0, old,
                            new MediaWatch(MediaWatch.Mode.DEGRADED, "removable media: fanotify cannot start"))).status())
                    .isEqualTo(200);
            PatchStatus fine = new PatchStatus(Instant.now(), OsFamily.LINUX, "6.1.0-18", 0, 0,
                    Instant.now().minus(Duration.ofDays(2)), false, null, null, null, "apt", null);
            assertThat(leaver.client().post("/api/v1/agents/" + leaver.id() + "/heartbeat",
                    new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", "Debian 12", 1, 0, 0, fine)).status()).isEqualTo(200);

            List<Event> bulk = new ArrayList<>();
            Instant start = Instant.now().minus(Duration.ofMinutes(30));
            for (int i = 0; i < 8; i++) {
                bulk.add(SyntheticEvents.fileWritten(behind.id(), Action.BLOCK, "sato.hanako", "0781", "5583",
                        start.plusSeconds(20L * i)));
            }
            assertThat(behind.client().post("/api/v1/agents/" + behind.id() + "/events", new EventBatch(bulk)).status())
                    .isEqualTo(200);
            List<Event> leaving = List.of(
                    SyntheticEvents.fileWritten(leaver.id(), Action.WARN, "suzuki.taro", "0951", "1666", Instant.now()),
                    SyntheticEvents.fileWritten(leaver.id(), Action.ALLOW, "suzuki.taro", "0951", "1666", Instant.now()));
            assertThat(leaver.client().post("/api/v1/agents/" + leaver.id() + "/events", new EventBatch(leaving)).status())
                    .isEqualTo(200);
            ConsoleFixture.Person admin = console.admin();

            for (String language : List.of("ja", "en")) {
                try (UiBrowser browser = UiBrowser.open(console, language)) {
                    browser.useSession(admin.client()).go("/ui/dashboard").waitForLoad();
                    browser.click("#count-again").waitForPath("/ui/dashboard");
                    assertThat(browser.text("#card-awaiting-review .value")).isEqualTo("8");
                    assertThat(browser.text("#card-compliance .value")).isEqualTo("50.0 %");
                    assertThat(browser.text("#bulk-copies")).contains("sato.hanako", "8");
                    assertThat(browser.text("#leavers")).contains("suzuki.taro");
                    assertThat(browser.text("#leavers")).doesNotContain("sato.hanako");
                    assertThat(browser.all("#chart-per-day rect")).isNotEmpty();
                    assertThat(browser.text("#top-findings")).contains(language.equals("ja") ? "マイナンバー" : "My Number");
                    assertThat(browser.text("#top-users")).contains("sato.hanako");
                    if (language.equals("en")) {
                        assertThat(browser.text("#chart-per-day")).contains("held for the user's answer");
                    }
                    browser.screenshot("ui-dashboard");

                    browser.go("/ui/fleet").waitForLoad();
                    assertThat(browser.all("#agents tbody tr")).hasSize(2);
                    String rows = browser.text("#agents");
                    assertThat(rows).contains(language.equals("ja") ? "非準拠" : "Non-compliant",
                            language.equals("ja") ? "準拠" : "Compliant");
                    browser.screenshot("ui-fleet");

                    browser.go("/ui/fleet/" + behind.id()).waitForLoad();
                    assertThat(browser.text("#patch-panel")).contains("45");
                    assertThat(browser.text("#media-watch")).contains(language.equals("ja") ? "縮退" : "Degraded",
                            "fanotify cannot start");
                    assertThat(browser.all("#agent-events tbody tr")).hasSize(8);
                    browser.screenshot("ui-fleet-agent");

                    browser.go("/ui/events?user=sato.hanako").waitForLoad();
                    assertThat(browser.all("#events tbody tr[data-row]")).hasSize(8);
                    browser.screenshot("ui-events");
                    if (language.equals("ja")) {
                        // tick two events with the keyboard and open an incident from them
                        browser.find("body").sendKeys("jxjx");
                        assertThat(browser.all("#events input[name=events]:checked")).hasSize(2);
                        browser.click("#open-incident").waitForPath("/ui/incidents/new");
                        assertThat(browser.path().split("events=", -1)).hasSize(3);
                        browser.go("/ui/events?user=sato.hanako").waitForLoad();
                    }
                    browser.click("#events tbody tr[data-row] a");
                    assertThat(browser.text("#event-facts")).contains("sato.hanako");
                    assertThat(browser.text("#event-document")).contains("1234-****-**18").doesNotContain("123456789018");
                    browser.screenshot("ui-event");
                }
            }

            try (UiBrowser browser = UiBrowser.open(console, "en")) {
                browser.useSession(admin.client()).go("/ui/fleet/" + behind.id()).waitForLoad();
                browser.click("#refresh-patch");
                assertThat(browser.text(".done")).contains("fresh patch report");
            }
            assertThat(admin.client().get("/api/admin/agents/" + behind.id() + "/commands").text()).contains("REFRESH_PATCH_STATUS");
        }
    }
}

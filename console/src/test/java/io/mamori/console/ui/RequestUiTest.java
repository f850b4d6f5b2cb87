package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device requests in the web UI, in headless Chromium: a reviewer approves one for a shorter period and denies another. */
class RequestUiTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "090c", "1000", "SN-UI-1",
            "Silicon Motion", "Flash", null, "USB", 16_000_000_000L);

    private static String ask(ConsoleFixture.Agent agent, String user, String reasonId, String text) {
        String id = EventIds.next().toString();
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", id);
        body.put("device", STICK);
        body.put("user", user);
        body.put("hours", 8);
        body.put("reasonId", reasonId);
        body.put("reasonText", text);
        body.put("requestedAt", Instant.now().toString());
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/device-requests", body).status()).isEqualTo(201);
        return id;
    }

    @Test
    void aReviewerApprovesOneRequestForTwoHoursAndDeniesAnotherWithAComment() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event mounted = new Event(EventIds.next(), AgentId.parse(agent.id()), Instant.now(), EventKind.DEVICE_MOUNTED,
                "pc-ui.example.jp", null, STICK, null, null, new Decision(Action.READ_ONLY, List.of("read-only"), null, false, 1),
                null, null, "/media/usb mounted (vfat)");
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(mounted))).status())
                .isEqualTo(200);
        String first = ask(agent, "tanaka", "business", "展示会で資料を渡すため");
        String second = ask(agent, "suzuki", "other", "私物のメモリで家に持ち帰りたい");

        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        try (UiBrowser browser = UiBrowser.open(console, "ja").useSession(reviewer.client())) {
            browser.go("/ui/requests").waitForLoad();
            assertThat(browser.title()).contains("機器の使用申請");
            assertThat(browser.all("#requests tbody tr")).hasSize(2);
            assertThat(browser.text("#request-" + first)).contains("tanaka").contains("SN-UI-1").contains("展示会で資料を渡すため");

            browser.find("#request-" + first + " form.approve input.hours").clear();
            browser.type("#request-" + first + " form.approve input.hours", "2")
                    .type("#request-" + first + " form.approve input.comment", "展示会の間だけ")
                    .clickAndLoad("#request-" + first + " form.approve button");
            assertThat(browser.text("#requests-done")).contains("承認しました");
            assertThat(browser.all("#requests tbody tr")).as("one left waiting").hasSize(1);

            browser.type("#request-" + second + " form.deny input.comment", "私物の USB メモリは使えません")
                    .clickAndLoad("#request-" + second + " form.deny button");
            assertThat(browser.text("#requests-done")).contains("却下しました");
            assertThat(browser.all("#requests-none")).hasSize(1);

            browser.go("/ui/requests?state=APPROVED").waitForLoad();
            assertThat(browser.find("#request-" + first).getAttribute("data-state")).isEqualTo("APPROVED");
            assertThat(browser.text("#request-" + first)).contains(reviewer.username()).contains("展示会の間だけ");
        }
        var approved = console.admin().client().get("/api/admin/device-requests/" + first).json();
        assertThat(approved.get("exceptionId").asText()).isNotBlank();
        var grant = console.admin().client().get("/api/admin/exceptions?agentId=" + agent.id()).json().get(0);
        Instant until = Instant.parse(grant.get("expiresAt").asText());
        assertThat(until).isBetween(Instant.now().plusSeconds(2 * 3600 - 300), Instant.now().plusSeconds(2 * 3600 + 60));

        ConsoleFixture.Person auditor = console.person("AUDITOR");
        try (UiBrowser browser = UiBrowser.open(console, "en").useSession(auditor.client())) {
            browser.go("/ui/requests?state=DENIED").waitForLoad();
            assertThat(browser.text("#request-" + second)).contains("Denied").contains("私物の USB メモリは使えません");
            assertThat(browser.all("form.approve")).as("auditors read only").isEmpty();
        }
    }
}

package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.event.UserResponse;
import io.mamori.protocol.policy.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The review queue in a real browser, on data an enrolled agent really sent: a reviewer clears
 * copies singly and in bulk (with the keyboard too), grants an exception, and the agent then
 * fetches the matching commands; an auditor only reads; a hostile file name stays text.
 */
class ReviewUiTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    /** What Chromium sends with a page or a form. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aReviewerClearsTheQueueWithTheKeyboardAndTheAgentGetsTheCommands() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event approveByKey = blocked(agent, "見積書-1.xlsx");
        Event denyByClick = blocked(agent, "見積書-2.xlsx");
        Event bulkDenyA = blocked(agent, "名簿-a.csv");
        Event bulkDenyB = blocked(agent, "名簿-b.csv");
        Event bulkApprove = blocked(agent, "名簿-c.csv");
        Event hostile = blocked(agent, HOSTILE);
        UUID operation = UUID.randomUUID();
        Event held = SyntheticEvents.inOperation(SyntheticEvents.fileWritten(agent.id(), Action.WARN_OVERRIDE), operation);
        post(agent, List.of(held, new Event(EventIds.next(), held.agentId(), Instant.now(), EventKind.USER_RESPONSE,
                held.host(), null, null, null, null, null, operation,
                new UserResponse(OverrideOutcome.CANCELLED, null, "取引先に渡す見積の確認用です", Instant.now(), 1), null)));
        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        ConsoleFixture.Person auditor = console.person("AUDITOR");

        try (UiBrowser browser = UiBrowser.open(console, "en")) {
            browser.useSession(reviewer.client()).go("/ui/review").waitForLoad();
            assertThat(browser.text("h1")).isEqualTo("Review queue");
            assertThat(browser.text("#review-items thead")).contains("User’s reason", "Findings", "Rule");
            assertThat(rowIds(browser)).contains(id(approveByKey), id(denyByClick), id(bulkDenyA), id(bulkDenyB),
                    id(bulkApprove), id(hostile), id(held));
            String heldRow = browser.text("#row-" + id(held));
            assertThat(heldRow).contains("Cancelled", "取引先に渡す見積の確認用です", "Example Corp Flash Drive",
                    "0781:5583", "not an approved device", "My Number", "×3", "1234-****-**18", "block-personal-high");
            browser.screenshot("ui-review");
            browser.go("/ui/review/" + id(held)).waitForLoad();
            assertThat(browser.text("#item-reason")).contains("Cancelled", "取引先に渡す見積の確認用です");
            assertThat(browser.text("#item-findings")).contains("My Number", "1234-****-**18", "山*　*郎");
            browser.screenshot("ui-review-item");

            browser.useSession(auditor.client()).go("/ui/review").waitForLoad();
            assertThat(rowIds(browser)).contains(id(held));
            assertThat(browser.all("#bulk-approve, #bulk-deny, input[name=ids]")).isEmpty();
            browser.go("/ui/review/" + id(held)).waitForLoad();
            assertThat(browser.all("#decide, #grant-exception, #approve, #deny")).isEmpty();
            assertThat(browser.text("#read-only")).contains("deciding needs the reviewer or administrator role");
        }

        try (UiBrowser browser = UiBrowser.open(console, "ja")) {
            browser.useSession(reviewer.client()).go("/ui/review").waitForLoad();
            assertThat(browser.text("h1")).isEqualTo("レビュー待ち");
            assertThat(browser.text("#row-" + id(held))).contains("取り消し", "取引先に渡す見積の確認用です", "未許可のデバイス");
            browser.screenshot("ui-review");

            // bulk deny with the keyboard alone: j to each row, x to tick it, d to deny the ticked
            tickWithKeyboard(browser, id(bulkDenyA));
            tickWithKeyboard(browser, id(bulkDenyB));
            browser.find("body").sendKeys("d");
            browser.waitForPath("/ui/review?state=open&done=bulk");
            assertThat(browser.text("#review-done")).contains("2 件を判断しました", "0 件は判断できませんでした");
            assertThat(rowIds(browser)).doesNotContain(id(bulkDenyA), id(bulkDenyB));

            // decided copies leave the default list and are found with the state filter
            new org.openqa.selenium.support.ui.Select(browser.find("#state")).selectByValue("PURGE_REQUESTED");
            browser.click("#show").waitForPath("/ui/review?state=PURGE_REQUESTED");
            assertThat(rowIds(browser)).containsExactlyInAnyOrder(id(bulkDenyA), id(bulkDenyB));
            assertThat(browser.text("#row-" + id(bulkDenyA))).contains("削除を指示済み", reviewer.username());
            assertThat(browser.all("#row-" + id(bulkDenyA) + " input[name=ids]")).as("a decided copy cannot be ticked").isEmpty();
            browser.go("/ui/review").waitForLoad();

            // bulk approve with the mouse
            browser.find("#row-" + id(bulkApprove) + " input[name=ids]").click();
            browser.type("#bulk-comment", "納品データとして確認済み").click("#bulk-approve").waitForPath("/ui/review?state=open&done=bulk");
            assertThat(browser.text("#review-done")).contains("1 件を判断しました");

            // one copy in full: approve with the a key
            browser.go("/ui/review/" + id(approveByKey)).waitForLoad();
            assertThat(browser.text("#item-file")).isEqualTo("見積書-1.xlsx");
            assertThat(browser.text("#item-device")).contains("0781", "5583", "Example Corp");
            assertThat(browser.pageText()).contains("a", "d");
            assertThat(browser.all("#decide kbd")).extracting(WebElement::getText).contains("a", "d");
            browser.screenshot("ui-review-item");
            browser.type("#comment", "業務上必要と確認");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("document.activeElement.blur()");
            browser.find("body").sendKeys("a");
            browser.waitForPath("/ui/review/");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(30))
                    .until(d -> browser.path().contains("done=approved"));
            assertThat(browser.text("#review-done")).contains("承認しました");
            assertThat(browser.path()).doesNotStartWith("/ui/review/" + id(approveByKey));

            // deny by clicking
            browser.go("/ui/review/" + id(denyByClick)).waitForLoad();
            browser.click("#deny");
            assertThat(browser.text("#review-done")).contains("却下しました");

            // a time-limited exception for the held copy's device; a missing reason is refused with the form kept
            browser.go("/ui/review/" + id(held)).waitForLoad();
            browser.type("#exception-hours", "48");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("document.getElementById('exception-reason').removeAttribute('required')");
            browser.click("#grant");
            assertThat(browser.text(".error")).contains("入力内容を確認", "reason");
            assertThat(browser.find("#exception-hours").getAttribute("value")).isEqualTo("48");
            browser.type("#exception-reason", "取引先への納品用 USB").click("#grant").waitForPath("/ui/review/" + id(held) + "?done=exception");
            assertThat(browser.text("#exceptions")).contains("このデバイス", "取引先への納品用 USB");

            // a file name that is markup stays text
            browser.go("/ui/review/" + id(hostile)).waitForLoad();
            assertThat(browser.text("#item-file")).isEqualTo(HOSTILE);
            assertThat(browser.driver().getPageSource()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .doesNotContain(HOSTILE);
            assertThat(browser.driver().findElements(By.tagName("script")))
                    .allSatisfy(script -> assertThat(script.getAttribute("src")).contains("/ui/static/"));
            browser.go("/ui/review").waitForLoad();
            assertThat(browser.text("#row-" + id(hostile) + " td.file")).isEqualTo(HOSTILE);
            assertThat(browser.driver().findElements(By.tagName("script")))
                    .allSatisfy(script -> assertThat(script.getAttribute("src")).contains("/ui/static/"));
        }

        // the agent fetches exactly the commands the decisions made
        JsonNode delivered = commands(agent);
        Map<String, String> typeByEvent = new java.util.HashMap<>();
        List<String> grants = new ArrayList<>();
        for (JsonNode command : delivered) {
            if (command.get("type").asText().equals("GRANT_EXCEPTION")) {
                grants.add(command.path("grant").path("device").path("vendorId").asText());
            } else {
                typeByEvent.put(command.get("eventId").asText(), command.get("type").asText());
            }
        }
        assertThat(typeByEvent).isEqualTo(Map.of(id(approveByKey), "RELEASE_FILE", id(bulkApprove), "RELEASE_FILE",
                id(denyByClick), "PURGE_FILE", id(bulkDenyA), "PURGE_FILE", id(bulkDenyB), "PURGE_FILE"));
        assertThat(grants).containsExactly("0781");

        // and every decision is in the audit trail, by the reviewer, with the comment typed
        ApiClient admin = console.admin().client();
        assertThat(audited(admin, "review.approved", reviewer.username()))
                .containsEntry(id(approveByKey), "業務上必要と確認").containsEntry(id(bulkApprove), "納品データとして確認済み").hasSize(2);
        assertThat(audited(admin, "review.denied", reviewer.username()).keySet())
                .containsExactlyInAnyOrder(id(denyByClick), id(bulkDenyA), id(bulkDenyB));
        JsonNode granted = admin.get("/api/admin/audit?action=exception.granted").json().get("items");
        assertThat(granted).anySatisfy(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo(reviewer.username());
            assertThat(entry.path("detail").path("event").asText()).isEqualTo(id(held));
        });
        assertThat(reviewer.client().get("/api/admin/reviews/" + id(hostile)).json().get("state").asText()).isEqualTo("PENDING");
    }

    @Test
    void anAuditorsForgedDecisionsAreRefused() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Agent agent = console.enroll();
        Event event = blocked(agent, "請求書.pdf");
        // as a browser sends a form: the refusal is a page
        ApiClient auditor = console.person("AUDITOR").client().header("Accept", BROWSER_ACCEPT);
        String csrf = auditor.csrf();

        ApiClient.Response approve = auditor.postForm("/ui/review/" + id(event) + "/approve", List.of(Map.entry("_csrf", csrf)));
        ApiClient.Response deny = auditor.postForm("/ui/review/" + id(event) + "/deny", List.of(Map.entry("_csrf", csrf)));
        ApiClient.Response bulk = auditor.postForm("/ui/review/bulk", List.of(Map.entry("_csrf", csrf),
                Map.entry("decision", "approve"), Map.entry("ids", id(event))));
        ApiClient.Response exception = auditor.postForm("/ui/review/" + id(event) + "/exception", List.of(Map.entry("_csrf", csrf),
                Map.entry("scope", "DEVICE"), Map.entry("hours", "1"), Map.entry("reason", "forged")));

        assertThat(List.of(approve.status(), deny.status(), bulk.status(), exception.status())).containsOnly(403);
        assertThat(approve.text()).contains("You may not do this");
        ApiClient.Response page = auditor.get("/ui/review/" + id(event));
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(auditor.get("/api/admin/reviews/" + id(event)).json().get("state").asText()).isEqualTo("PENDING");
        assertThat(commands(agent)).isEmpty();

        ApiClient reviewer = console.person("REVIEWER").client().header("Accept", BROWSER_ACCEPT);
        ApiClient.Response withoutToken = reviewer.postForm("/ui/review/" + id(event) + "/approve", List.of());
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(reviewer.postForm("/ui/review/" + id(event) + "/approve", List.of(Map.entry("_csrf", reviewer.csrf())))
                .status()).isEqualTo(303);
        assertThat(commands(agent)).hasSize(1);
    }

    /** A blocked copy of {@code volumePath} on the synthetic USB stick, sent by the agent. */
    private static Event blocked(ConsoleFixture.Agent agent, String volumePath) {
        Event e = SyntheticEvents.fileWritten(agent.id(), Action.BLOCK);
        Event named = new Event(e.eventId(), e.agentId(), e.occurredAt(), e.kind(), e.host(), e.actor(), e.device(),
                new FileRef("/media/" + e.actor().user() + "/USB/" + volumePath, volumePath, e.file().size(), e.file().sha256()),
                e.classification(), e.decision(), e.operationId(), e.response(), e.detail());
        post(agent, List.of(named));
        return named;
    }

    private static void post(ConsoleFixture.Agent agent, List<Event> events) {
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(events)).status())
                .isEqualTo(200);
    }

    private static JsonNode commands(ConsoleFixture.Agent agent) {
        return agent.client().post("/api/v1/agents/" + agent.id() + "/heartbeat",
                new Heartbeat(Instant.now(), AgentStatus.RUNNING, "0.1.0", null, 0, 0, 0, null)).json().get("commands");
    }

    /** The decisions of {@code action} by {@code actor}: event id → comment. */
    private static Map<String, String> audited(ApiClient admin, String action, String actor) {
        Map<String, String> found = new java.util.HashMap<>();
        for (JsonNode entry : admin.get("/api/admin/audit?limit=100&action=" + action).json().get("items")) {
            if (entry.get("actor").asText().equals(actor)) {
                found.put(entry.get("targetId").asText(), entry.path("detail").path("comment").asText());
            }
        }
        return found;
    }

    private static List<String> rowIds(UiBrowser browser) {
        return browser.all("tr[data-row]").stream().map(row -> row.getAttribute("id").substring("row-".length())).toList();
    }

    /** Moves the current row to {@code eventId}'s with j (from the top) and ticks it with x. */
    private static void tickWithKeyboard(UiBrowser browser, String eventId) {
        int index = rowIds(browser).indexOf(eventId);
        assertThat(index).as("row of " + eventId).isNotNegative();
        WebElement body = browser.find("body");
        for (int i = 0; i < rowIds(browser).size(); i++) {
            body.sendKeys("k"); // to the first row (the first k selects it)
        }
        for (int i = 0; i < index; i++) {
            body.sendKeys("j");
        }
        assertThat(browser.find("#row-" + eventId).getAttribute("class")).contains("selected");
        body.sendKeys("x");
        assertThat(browser.find("#row-" + eventId + " input[name=ids]").isSelected()).isTrue();
    }

    private static String id(Event event) {
        return event.eventId().toString();
    }
}

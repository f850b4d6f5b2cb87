package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.agent.copy.Decided;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Enrollment;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.DefaultPolicy;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.DesktopSession;
import io.mamori.agent.testing.Root;
import io.mamori.agent.testing.Sticks;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The employee at a Linux desktop, end to end, as root (runs in CI): a real console, the agent
 * with its real watcher and enforcement, a loop-mounted stick, and the person's session under
 * Xvfb with a real session bus and notification server ({@link DesktopSession}). The person copies
 * as themselves; the test answers the question window with the keyboard (xdotool), as a person
 * would, and takes pictures of the windows ({@code -Dmamori.screenshots=DIR}, default
 * target/screenshots; docs/images holds the committed ones).
 */
class DesktopPromptTest {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("mamori.screenshots", "target/screenshots"));
    private static ConsoleFixture console;
    private static ApiClient admin;

    @TempDir
    Path dir;

    private final List<Decided> decided = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startConsole() {
        Root.required("a person's desktop session, loop mounts and fanotify need root");
        console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null);
        admin = console.admin().client();
    }

    @AfterAll
    static void stopConsole() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aJapaneseSessionIsAskedOnceForFiftyHeldFilesAndContinuingWithAReasonWritesThemBack() throws Exception {
        try (DesktopSession desk = DesktopSession.start("ja_JP.UTF-8"); Sticks sticks = new Sticks(desk.folder().resolve("usb"));
                AgentService agent = startAgent(desk, sticks)) {
            Await.until("the indexer has been through the person's documents", Duration.ofSeconds(60),
                    () -> agent.indexing().orElseThrow().passesCompleted() > 0);
            Path stick = plugIn(agent, desk, sticks);
            awaitNotification(desk, "は未承認の機器です");
            awaitNotification(desk, "このパソコン上のあなたのファイルのうち 3 件に個人情報または機密情報が含まれており");
            screenshotNotification(desk, "notification-mounted-ja.png");

            Map<Path, byte[]> copied = copyAsThePerson(desk, stick, "見積資料", 50);
            String window = oneQuestionWindow(desk);
            desk.screenshot(window, SCREENSHOTS.resolve("override-dialog-ja.png"));
            assertThat(copied.keySet()).as("held: none on the stick while the question is open").noneMatch(Files::exists);

            // "その他（理由を記入）" needs an explanation: Alt+3 chooses it and puts the cursor in the text field
            desk.xdotool("windowactivate", "--sync", window);
            desk.xdotool("key", "alt+3");
            desk.xdotool("type", "--delay", "20", "Quotation for the customer, approved by my manager");
            desk.xdotool("key", "Return");

            JsonNode response = awaitResponse(agent, "CONTINUED");
            assertThat(response.toString()).contains("\"other\"").contains("Quotation for the customer, approved by my manager")
                    .contains(DesktopSession.USER);
            Await.until("the 50 files are back on the stick", Duration.ofSeconds(60),
                    () -> copied.keySet().stream().allMatch(Files::exists));
            for (Map.Entry<Path, byte[]> file : copied.entrySet()) {
                assertThat(Files.readAllBytes(file.getKey())).as("byte for byte: " + file.getKey()).isEqualTo(file.getValue());
            }
            Await.until("the window has closed", Duration.ofSeconds(15), () -> windows(desk).isEmpty());
            Await.until("the console has the 50 releases", Duration.ofSeconds(30),
                    () -> events(agent, "FILE_RELEASED").size() == 50);

            // cancelled: the files stay quarantined and go to the administrator's review queue
            int before = decided.size();
            Map<Path, byte[]> cancelled = copyAsThePerson(desk, stick, "下書き", 2);
            window = oneQuestionWindow(desk);
            desk.xdotool("windowactivate", "--sync", window);
            desk.xdotool("key", "Escape");
            awaitResponse(agent, "CANCELLED");
            Await.until("the window has closed", Duration.ofSeconds(15), () -> windows(desk).isEmpty());
            assertThat(cancelled.keySet()).noneMatch(Files::exists);
            for (Decided file : decided.subList(before, decided.size())) {
                Await.until("review item for " + file.path(), Duration.ofSeconds(30),
                        () -> admin.get("/api/admin/reviews/" + file.eventId()).status() == 200);
            }

            // blocked: a notification names the device and the number of files, and how to ask for a review
            Path roster = Files.writeString(desk.folder().resolve("社員名簿.csv"), SyntheticData.roster(30, 5));
            Root.run("chown", desk.uid() + ":" + desk.gid(), roster.toString());
            desk.run(List.of("cp", roster.toString(), stick.toString()));
            awaitNotification(desk, "1 件のファイルを SanDisk Cruzer (SN-DESK) にコピーしませんでした");
            screenshotNotification(desk, "notification-blocked-ja.png");
            assertThat(String.join("\n", desk.notifications())).as("counts, never values").doesNotContainPattern("\\d{4}-?\\d{4}-?\\d{4}");
        }
    }

    @Test
    void anEnglishSessionIsAskedInEnglishAndNoAnswerInTimeLeavesTheFilesBlocked() throws Exception {
        try (DesktopSession desk = DesktopSession.start("en_US.UTF-8"); Sticks sticks = new Sticks(desk.folder().resolve("usb"));
                AgentService agent = startAgent(desk, sticks)) {
            long version = agent.policy().version();
            DefaultPolicy.publish(admin, policy -> policy.put("overrideTimeoutSeconds", 20));
            Await.until("the shorter time-out is in force", Duration.ofSeconds(30), () -> agent.policy().version() > version);
            Path stick = plugIn(agent, desk, sticks);
            awaitNotification(desk, "is not an approved device");
            screenshotNotification(desk, "notification-mounted-en.png");

            Map<Path, byte[]> held = copyAsThePerson(desk, stick, "quotes", 3);
            String window = oneQuestionWindow(desk);
            desk.screenshot(window, SCREENSHOTS.resolve("override-dialog-en.png"));
            // a reason that needs an explanation, without one: the window says so and stays
            desk.xdotool("windowactivate", "--sync", window);
            desk.xdotool("key", "alt+3");
            desk.xdotool("key", "Return");
            Thread.sleep(1000);
            assertThat(windows(desk)).as("not answered: an explanation is required").containsExactly(window);
            desk.screenshot(window, SCREENSHOTS.resolve("override-dialog-en-explanation-required.png"));

            JsonNode response = awaitResponse(agent, "TIMED_OUT");
            assertThat(response.toString()).contains("\"fileCount\":3");
            Await.until("the window has closed", Duration.ofSeconds(15), () -> windows(desk).isEmpty());
            assertThat(held.keySet()).noneMatch(Files::exists);

            // answered in time with a reason that needs no explanation: written back
            Map<Path, byte[]> second = copyAsThePerson(desk, stick, "slides", 2);
            window = oneQuestionWindow(desk);
            desk.xdotool("windowactivate", "--sync", window);
            desk.xdotool("key", "alt+1");
            desk.xdotool("key", "Return");
            awaitResponse(agent, "CONTINUED");
            Await.until("the files are back on the stick", Duration.ofSeconds(30), () -> second.keySet().stream().allMatch(Files::exists));

            Path roster = Files.writeString(desk.folder().resolve("staff.csv"), SyntheticData.roster(30, 9));
            Root.run("chown", desk.uid() + ":" + desk.gid(), roster.toString());
            desk.run(List.of("cp", roster.toString(), stick.toString()));
            awaitNotification(desk, "1 file(s) were not copied to SanDisk Cruzer (SN-DESK)");
            screenshotNotification(desk, "notification-blocked-en.png");
        }
    }

    @Test
    void aReadOnlyStickOffersARequestAndAReviewersApprovalInTheConsoleMakesItWritableWhileItStaysInUntilItExpires() throws Exception {
        SkewedClock clock = new SkewedClock();
        try (DesktopSession desk = DesktopSession.start("ja_JP.UTF-8"); Sticks sticks = new Sticks(desk.folder().resolve("usb"));
                AgentService agent = startAgent(desk, sticks, clock)) {
            long version = agent.policy().version();
            DefaultPolicy.publish(admin, policy -> {
                com.fasterxml.jackson.databind.node.ObjectNode readOnly = ((com.fasterxml.jackson.databind.node.ArrayNode)
                        policy.get("rules")).addObject();
                readOnly.put("id", "read-only-unapproved").put("scope", "DEVICE").put("action", "READ_ONLY");
                readOnly.putObject("when").put("approvedDevice", false);
            });
            try {
                Await.until("the read-only rule is in force", Duration.ofSeconds(30), () -> agent.policy().version() > version);
                Path stick = sticks.plugIn("plain", "ext4");
                Await.until("the stick is read-only", Duration.ofSeconds(20), () -> RemovableMediaScenarios.readOnly(stick));
                awaitNotification(desk, "は未承認の機器のため読み取り専用です");

                // the person asks, from the window offered with the notice: reason 3 (その他, with their words), the 8 hours it offers
                String window = oneQuestionWindow(desk);
                desk.screenshot(window, SCREENSHOTS.resolve("device-request-ja.png"));
                desk.xdotool("windowactivate", "--sync", window);
                desk.xdotool("key", "alt+3");
                desk.xdotool("type", "--delay", "20", "Trade fair handouts");
                desk.xdotool("key", "Return");
                Await.until("the window has closed", Duration.ofSeconds(15), () -> windows(desk).isEmpty());
                Await.until("the request in the console's queue", Duration.ofSeconds(30),
                        () -> admin.get("/api/admin/device-requests").json().size() == 1);
                JsonNode request = admin.get("/api/admin/device-requests").json().get(0);
                assertThat(request.get("user").asText()).isEqualTo(DesktopSession.USER);
                assertThat(request.get("hours").asInt()).isEqualTo(8);
                assertThat(request.get("reasonId").asText()).isEqualTo("other");
                assertThat(request.get("reasonText").asText()).isEqualTo("Trade fair handouts");
                assertThat(request.path("device").path("serial").asText()).isEqualTo("SN-DESK");

                // a reviewer approves it in the console, in a browser
                ConsoleFixture.Person reviewer = console.person("REVIEWER");
                try (io.mamori.console.ui.UiBrowser browser = io.mamori.console.ui.UiBrowser.open(console, "ja")
                        .useSession(reviewer.client())) {
                    String row = "#request-" + request.get("id").asText();
                    browser.go("/ui/requests").waitForLoad();
                    browser.type(row + " form.approve input.comment", "展示会の間だけ").clickAndLoad(row + " form.approve button");
                    assertThat(browser.text("#requests-done")).contains("承認しました");
                }
                Await.until("writable while it stays in, within a heartbeat", Duration.ofSeconds(20), () -> !RemovableMediaScenarios.readOnly(stick));
                awaitNotification(desk, "使用申請が");
                Root.run("chown", desk.uid() + ":" + desk.gid(), stick.toString());
                Path notes = Files.writeString(desk.folder().resolve("handout.txt"), SyntheticData.minutes());
                desk.run(List.of("cp", notes.toString(), stick.toString()));
                assertThat(stick.resolve("handout.txt")).exists();

                // the 8 hours pass (the agent's clock is moved on): read-only again at its next heartbeat, the stick still in
                clock.skew(Duration.ofHours(8).plusMinutes(1));
                Await.until("read-only again once the approval has expired", Duration.ofSeconds(20), () -> RemovableMediaScenarios.readOnly(stick));
                awaitNotification(desk, "読み取り専用に戻りました");
            } finally {
                DefaultPolicy.publish(admin, policy -> {
                    com.fasterxml.jackson.databind.node.ArrayNode rules = (com.fasterxml.jackson.databind.node.ArrayNode)
                            policy.get("rules");
                    for (int i = rules.size() - 1; i >= 0; i--) {
                        if ("read-only-unapproved".equals(rules.get(i).path("id").asText())) {
                            rules.remove(i);
                        }
                    }
                });
            }
        }
    }

    /** The system's time, moved on by the test (time passing without waiting for it). */
    private static final class SkewedClock extends Clock {
        private final java.util.concurrent.atomic.AtomicReference<Duration> skew = new java.util.concurrent.atomic.AtomicReference<>(
                Duration.ZERO);

        void skew(Duration by) {
            skew.set(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(skew.get());
        }
    }


    // ---------------------------------------------------------------- helpers

    /** The sticks are made in the person's folder (they copy onto them as themselves). */
    private AgentService startAgent(DesktopSession desk, Sticks sticks) throws Exception {
        return startAgent(desk, sticks, Clock.systemUTC());
    }

    private AgentService startAgent(DesktopSession desk, Sticks sticks, Clock clock) throws Exception {
        // documents marked 社外秘 may leave with a reason: the administrator's choice for this office
        DefaultPolicy.publish(admin, policy -> {
            DefaultPolicy.rule(policy, "block-confidential-marker").put("action", "WARN_OVERRIDE");
            policy.put("overrideTimeoutSeconds", 120);
        });
        StateDirectory state = StateDirectory.open(dir.resolve("agent"));
        Enrollment.enroll(console, state, "pc-desk.example.jp");
        Files.writeString(state.config(), """
                link:
                  request-timeout: 5s
                media:
                  operation-gap: 2s
                  inspection-workers: 2
                  desktop-socket-dir: %s
                  simulated-usb:
                    - {images-under: %s, vendor-id: "0781", product-id: "5583", serial: "SN-DESK", vendor: SanDisk, product: Cruzer}
                indexer:
                  roots: [%s]
                  files-per-second: 1000
                """.formatted(desk.folder().resolve("sockets"), sticks.images("plain"), documents(desk)));
        AgentConfig config = AgentConfigFile.read(state.config());
        AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(), config, clock);
        agent.mediaGuard().orElseThrow().onDecided(decided::add);
        Await.until("the policy is in force", Duration.ofSeconds(30), () -> agent.policy().version() > 0);
        return agent;
    }

    /**
     * The person's documents, which the agent's indexer goes through: three that the default
     * policy would stop on an unapproved stick (two rosters, a confidential memo), one it would not.
     */
    private static Path documents(DesktopSession desk) throws Exception {
        Path documents = Files.createDirectories(desk.folder().resolve("Documents"));
        Files.writeString(documents.resolve("社員名簿.csv"), SyntheticData.roster(20, 1));
        Files.writeString(documents.resolve("顧客一覧.csv"), SyntheticData.roster(20, 2));
        Files.writeString(documents.resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        Files.writeString(documents.resolve("議事録.txt"), SyntheticData.minutes());
        Root.run("chown", "-R", desk.uid() + ":" + desk.gid(), documents.toString());
        return documents;
    }

    /** An unapproved stick the person can write to. */
    private static Path plugIn(AgentService agent, DesktopSession desk, Sticks sticks) throws Exception {
        Path stick = sticks.plugIn("plain", "ext4");
        Root.run("chown", desk.uid() + ":" + desk.gid(), stick.toString());
        Await.until("the stick is watched", Duration.ofSeconds(20), () -> agent.mediaGuard().orElseThrow().watchedVolumes().stream()
                .anyMatch(v -> v.mount().mountPoint().equals(stick)));
        return stick;
    }

    /**
     * {@code count} confidential memos (held by the default policy: MEDIUM findings to an
     * unapproved device) copied with one {@code cp -r} by the person; their paths on the stick and contents.
     */
    private static Map<Path, byte[]> copyAsThePerson(DesktopSession desk, Path stick, String folder, int count) throws Exception {
        Path source = Files.createDirectories(desk.folder().resolve("copies").resolve(folder));
        Map<Path, byte[]> copied = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Path memo = Files.writeString(source.resolve(folder + "-" + i + ".txt"),
                    SyntheticData.confidentialMemo() + "第" + i + "版 " + UUID.randomUUID() + "\n");
            copied.put(stick.resolve(folder).resolve(memo.getFileName()), Files.readAllBytes(memo));
        }
        Root.run("chown", "-R", desk.uid() + ":" + desk.gid(), desk.folder().resolve("copies").toString());
        desk.run(List.of("cp", "-r", source.toString(), stick.toString()));
        return copied;
    }

    private static List<String> windows(DesktopSession desk) {
        try {
            return desk.windows("Mamori");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The question window, once it is up; and no second one in the seconds after. */
    private static String oneQuestionWindow(DesktopSession desk) throws Exception {
        Await.until("the question window is shown", Duration.ofSeconds(60), () -> !windows(desk).isEmpty());
        Thread.sleep(3000);
        List<String> shown = windows(desk);
        assertThat(shown).as("exactly one question window for the copy").hasSize(1);
        return shown.get(0);
    }

    /** The employee's answer as the console has it (the whole event: outcome, reason, person). */
    private static JsonNode awaitResponse(AgentService agent, String outcome) throws InterruptedException {
        Await.until("the console has the answer " + outcome, Duration.ofSeconds(60), () -> response(agent, outcome) != null);
        return response(agent, outcome);
    }

    private static JsonNode response(AgentService agent, String outcome) {
        for (JsonNode summary : events(agent, "USER_RESPONSE")) {
            JsonNode event = admin.get("/api/admin/events/" + summary.get("eventId").asText()).json().get("event");
            if (outcome.equals(event.path("response").path("outcome").asText())) {
                return event;
            }
        }
        return null;
    }

    private static List<JsonNode> events(AgentService agent, String kind) {
        return ConsoleEvents.of(admin, agent.events().agentId().toString(), kind);
    }

    private static void awaitNotification(DesktopSession desk, String words) throws InterruptedException {
        Await.until("a notification saying '" + words + "'", Duration.ofSeconds(60), () -> {
            try {
                return desk.notifications().stream().anyMatch(body -> body.contains(words));
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /** A picture of the notification on the screen (the newest one). */
    private static void screenshotNotification(DesktopSession desk, String name) throws Exception {
        Await.until("the notification is drawn", Duration.ofSeconds(10), () -> {
            try {
                return !desk.windows("Notification$").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        List<String> shown = desk.windows("Notification$");
        Thread.sleep(300); // drawn, not just mapped
        desk.screenshot(shown.get(shown.size() - 1), SCREENSHOTS.resolve(name));
    }
}

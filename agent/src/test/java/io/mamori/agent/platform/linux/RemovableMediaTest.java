package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.policy.ShippedPolicy;
import io.mamori.agent.service.RunningAgent;
import io.mamori.agent.state.StateDirectory;
import java.time.Clock;
import java.util.Optional;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.testing.Root;
import io.mamori.protocol.policy.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.mamori.agent.copy.Decided;
import org.junit.jupiter.api.Test;

/**
 * The Linux agent end to end with its own adapters: mount monitor on the mount table, fanotify
 * watcher, and device enforcement (remount read-only, write-protected loop device).
 */
class RemovableMediaTest extends RemovableMediaScenarios {

    @Test
    void anUnapprovedStickIsMadeReadOnlyAndAnApprovedSerialTakesWrites() throws Exception {
        Root.required("loop mounts and remounting need root");
        try (AgentService agent = startAgent()) {
            readOnlyUnlessApproved(agent);

            Path other = plugIn("other", "ext4");
            await("the unapproved stick is read-only", Duration.ofSeconds(20), () -> readOnly(other));
            assertThatThrownBy(() -> Files.writeString(other.resolve("x.txt"), "x")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> Root.run("mount", "-o", "remount,rw", other.toString()))
                    .as("the device itself is write-protected").hasMessageContaining("failed");

            Path approved = plugIn("approved", "ext4");
            awaitWatched(agent, approved);
            assertThat(readOnly(approved)).isFalse();
            Path roster = Files.writeString(dir.resolve("名簿.csv"), SyntheticData.roster(10, 7));
            copy(roster, approved.resolve("名簿.csv"));
            assertThat(decidedFor(approved.resolve("名簿.csv")).action()).as("approved device: the default policy only audits")
                    .isEqualTo(Action.AUDIT);
            assertThat(approved.resolve("名簿.csv")).exists();

            // the roster's people travel as keys made with this agent's own key, one per person (issue 23)
            UUID rosterEvent = decidedFor(approved.resolve("名簿.csv")).eventId();
            await("the roster's event at the console", Duration.ofSeconds(30),
                    () -> admin.get("/api/admin/events/" + rosterEvent).status() == 200);
            JsonNode classification = admin.get("/api/admin/events/" + rosterEvent).json().path("event").path("classification");
            assertThat(classification.path("peopleKeys").path("keys").size()).as(classification.toString())
                    .isEqualTo(classification.path("people").asInt()).isPositive();
            assertThat(classification.path("peopleKeys").path("keys").get(0).asText()).matches("[0-9a-f]{8}");

            await("the console has both mounts", Duration.ofSeconds(30), () -> consoleEvents(agent, "DEVICE_MOUNTED").size() >= 2);
            List<JsonNode> mounts = consoleEvents(agent, "DEVICE_MOUNTED");
            assertThat(mounts.toString()).contains("READ_ONLY").contains("APPROVED-1");

            // unplugged: the loop device under it is writable again for whatever is attached next
            String loop = sticks.loopOf(other);
            assertThat(output("blockdev", "--getro", loop).strip()).isEqualTo("1");
            Root.run("umount", other.toString());
            await("the write protection goes with the stick", Duration.ofSeconds(20),
                    () -> uncheckedOutput("blockdev", "--getro", loop).strip().equals("0"));
        }
    }

    @Test
    void aReadOnlyStickBecomesWritableWhileStillInWhenAnExceptionIsGrantedAndReadOnlyAgainWhenItExpires() throws Exception {
        Root.required("loop mounts and remounting need root");
        try (AgentService agent = startAgent()) {
            readOnlyUnlessApproved(agent);
            Path stick = plugIn("other", "ext4");
            String loop = sticks.loopOf(stick);
            await("the unapproved stick is read-only", Duration.ofSeconds(20), () -> readOnly(stick));

            // a reviewer grants the device for the shortest period the console takes, a minute; its heartbeat interval here is 5 s
            var granted = admin.post("/api/admin/agents/" + agent.events().agentId() + "/exceptions", Map.of(
                    "scope", "DEVICE", "device", Map.of("vendorId", "090c", "productId", "1000", "serial", "SN-OTHER"),
                    "validForHours", 1.0 / 60, "reason", "展示会の資料を持ち出すため"));
            assertThat(granted.status()).as(granted.text()).isEqualTo(201);
            await("writable while it stays mounted, within a heartbeat", Duration.ofSeconds(20), () -> !readOnly(stick));
            assertThat(output("blockdev", "--getro", loop).strip()).as("the device's write protection is cleared").isEqualTo("0");
            awaitWatched(agent, stick);
            Path minutes = Files.writeString(dir.resolve("議事録.txt"), SyntheticData.minutes());
            copy(minutes, stick.resolve("議事録.txt"));
            Decided copied = decidedFor(stick.resolve("議事録.txt"));
            assertThat(copied.action()).isEqualTo(Action.AUDIT);
            assertThat(stick.resolve("議事録.txt")).exists();

            // nothing more from the console: the agent ends the exception itself, the stick still in
            await("read-only again once the exception has expired", Duration.ofSeconds(90), () -> readOnly(stick));
            assertThat(output("blockdev", "--getro", loop).strip()).isEqualTo("1");
            assertThatThrownBy(() -> Files.writeString(stick.resolve("y.txt"), "y")).isInstanceOf(IOException.class);
            assertThat(stick.resolve("議事録.txt")).as("what was copied stays").exists();
            await("the console has the mount and both changes", Duration.ofSeconds(30), () -> consoleEvents(agent, "DEVICE_MOUNTED")
                    .stream().filter(e -> "SN-OTHER".equals(e.path("deviceSerial").asText())).count() == 3);
            List<JsonNode> decisions = consoleEvents(agent, "DEVICE_MOUNTED").stream()
                    .filter(e -> "SN-OTHER".equals(e.path("deviceSerial").asText()))
                    .sorted(java.util.Comparator.comparing(e -> java.time.Instant.parse(e.path("occurredAt").asText()))).toList();
            assertThat(decisions).extracting(e -> e.path("action").asText()).containsExactly("READ_ONLY", "ALLOW", "READ_ONLY");
            JsonNode granting = admin.get("/api/admin/events/" + decisions.get(1).path("eventId").asText()).json().path("event");
            assertThat(granting.path("detail").asText()).contains("decided again while mounted: exception ").endsWith(" is in force");
        }
    }

    @Test
    void anAgentWhoseEnrollmentAtInstallFailedBlocksPersonalDataOnTheShippedPolicy() throws Exception {
        Root.required("loop mounts and fanotify need root");
        StateDirectory state = StateDirectory.open(dir.resolve("pending"));
        // as the packages enroll: nothing listens on port 9, so the enrollment is kept for later
        assertThat(AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", "https://127.0.0.1:9/",
                "--token", "a-token", "--fingerprint", console.tls().fingerprint(), "--hostname", "pc-pending.example.jp",
                "--pending-on-failure")).isEqualTo(5);
        AgentConfig config = configure(state);
        Path shipped = Path.of("").toAbsolutePath().getParent().resolve("console/src/main/resources/policies/default.json");
        try (RunningAgent running = RunningAgent.start(state, config, Optional.of(ShippedPolicy.read(shipped)), Clock.systemUTC())) {
            AgentService agent = running.current();
            assertThat(agent.enrolled()).isFalse();
            agent.mediaGuard().orElseThrow().onDecided(decided::add);
            Path stick = plugIn("plain", "ext4");
            awaitWatched(agent, stick);

            Path clean = Files.writeString(dir.resolve("議事録.txt"), SyntheticData.minutes());
            copy(clean, stick.resolve("議事録.txt"));
            assertThat(decidedFor(stick.resolve("議事録.txt")).action()).isEqualTo(Action.AUDIT);
            Path roster = Files.writeString(dir.resolve("社員名簿.csv"), SyntheticData.roster(30, 11));
            copy(roster, stick.resolve("社員名簿.csv"));
            assertThat(decidedFor(stick.resolve("社員名簿.csv")).action()).as("the shipped policy blocks it, as the console's default")
                    .isEqualTo(Action.BLOCK);
            assertThat(stick.resolve("社員名簿.csv")).as("moved off the stick").doesNotExist();
            assertThat(agent.log().unsentCount()).as("recorded, waiting for the enrollment to deliver it").isPositive();
        }
    }
}

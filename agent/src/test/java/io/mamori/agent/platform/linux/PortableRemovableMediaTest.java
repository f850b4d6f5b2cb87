package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.copy.Decided;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.testing.Root;
import io.mamori.protocol.policy.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The portable watcher end to end on Linux, as root (runs in CI): the scenarios of the Linux
 * adapters with volumes found by polling OSHI's file stores and writes seen through the JDK's
 * watch service — what Windows and macOS fall back to. It cannot make a device read-only: such a
 * device keeps taking writes, and every file written to it is quarantined.
 */
class PortableRemovableMediaTest extends RemovableMediaScenarios {

    @Override
    protected String mediaSettings() {
        return "  watcher: portable\n  poll-interval: 1s\n";
    }

    @Test
    void anUnapprovedStickItCannotMakeReadOnlyHasEveryFileQuarantinedAndTheConsoleIsTold() throws Exception {
        Root.required("loop mounts need root");
        try (AgentService agent = startAgent()) {
            readOnlyUnlessApproved(agent);

            Path other = plugIn("other", "ext4");
            awaitWatched(agent, other);
            assertThat(readOnly(other)).as("the portable watcher cannot remount").isFalse();
            Path minutes = Files.writeString(dir.resolve("議事録.txt"), SyntheticData.minutes());
            copy(minutes, other.resolve("議事録.txt"));
            Decided clean = decidedFor(other.resolve("議事録.txt"));
            assertThat(clean.action()).as("a clean file on a read-only device is quarantined all the same").isEqualTo(Action.BLOCK);
            assertThat(other.resolve("議事録.txt")).doesNotExist();

            Path approved = plugIn("approved", "ext4");
            awaitWatched(agent, approved);
            copy(minutes, approved.resolve("議事録.txt"));
            assertThat(decidedFor(approved.resolve("議事録.txt")).action()).isEqualTo(Action.AUDIT);
            assertThat(approved.resolve("議事録.txt")).exists();

            await("the console has why", Duration.ofSeconds(30), () -> consoleEvents(agent, "ENFORCEMENT_FAILED").stream()
                    .map(e -> admin.get("/api/admin/events/" + e.get("eventId").asText()).json())
                    .map(e -> e.path("event").path("detail").asText())
                    .anyMatch(detail -> detail.contains("cannot make a volume read-only") && detail.contains("quarantined instead")));
            JsonNode event = admin.get("/api/admin/events/" + clean.eventId()).json();
            assertThat(event.toString()).contains("READ_ONLY by policy", "SN-OTHER");
            await("the console knows the agent runs the portable watcher", Duration.ofSeconds(30), () -> "PORTABLE".equals(
                    admin.get("/api/admin/agents/" + agent.events().agentId()).json().path("mediaWatch").path("mode").asText()));
        }
    }
}

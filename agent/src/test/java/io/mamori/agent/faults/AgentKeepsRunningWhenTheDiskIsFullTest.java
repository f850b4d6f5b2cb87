package io.mamori.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.Root;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.TestEvents;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Action;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's state directory on a small tmpfs that the test fills up: the agent keeps running,
 * reports itself degraded, and once space returns writes and delivers every event it held.
 * Needs root to mount; under CI (CI=true) it must run, not skip.
 */
class AgentKeepsRunningWhenTheDiskIsFullTest {

    @TempDir
    Path dir;

    @Test
    void holdsEventsWhileTheDiskIsFullAndCatchesUpWhenSpaceReturns() throws Exception {
        Root.required("mounting a tmpfs needs root");
        Path mount = Files.createDirectories(dir.resolve("small"));
        Root.run("mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", mount.toString());
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            StateDirectory state = StateDirectory.open(mount.resolve("agent"));
            assertThat(AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", console.client().baseUrl(),
                    "--token", console.enrollmentToken("default", 1, 1), "--fingerprint", console.tls().fingerprint())).isZero();
            AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
            ApiClient admin = console.admin().client();
            AgentConfig d = AgentConfig.defaults();
            AgentConfig config = new AgentConfig(100, d.outboxMaxEvents(), d.outboxMaxAge(), d.retention(), d.maxLogBytes(),
                    d.checkpointEvery(), d.checkpointInterval(), Duration.ofSeconds(5), null, d.stallAfter(), d.media(), d.indexer());
            List<Event> recorded = new ArrayList<>();
            try (AgentService agent = AgentService.start(state, identity, config, Clock.systemUTC())) {
                await("the policy is in force", () -> agent.policy().version() > 0);

                Path filler = mount.resolve("filler");
                fill(filler);
                for (int i = 0; i < 300 && !agent.recorder().degraded(); i++) {
                    Event event = TestEvents.fileWritten(identity.agentId(), Action.BLOCK);
                    recorded.add(event);
                    agent.recorder().record(event);
                }
                assertThat(agent.recorder().degraded()).as("the log refused writes on a full disk").isTrue();
                for (int i = 0; i < 50; i++) {
                    Event event = TestEvents.fileWritten(identity.agentId(), Action.BLOCK);
                    recorded.add(event);
                    agent.recorder().record(event); // enforcement goes on: recording never blocks or throws
                }
                assertThat(agent.recorder().held()).isGreaterThanOrEqualTo(50);
                await("the console sees the agent degraded", () -> "DEGRADED".equals(
                        admin.get("/api/admin/agents/" + identity.agentId()).json().path("status").asText()));

                Files.delete(filler);
                await("every held event is written and delivered", () -> !agent.recorder().degraded()
                        && agent.recorder().held() == 0 && unsentIsZero(agent));
            }
            for (Event event : recorded) {
                assertThat(admin.get("/api/admin/events/" + event.eventId()).status())
                        .as("event %s at the console", event.eventId()).isEqualTo(200);
            }
        } finally {
            Root.run("umount", mount.toString());
        }
    }

    private static boolean unsentIsZero(AgentService agent) {
        try {
            return agent.log().unsentCount() == 0;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // no space left: that is the point
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), condition);
    }

}

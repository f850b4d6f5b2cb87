package io.mamori.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.LogReader;
import io.mamori.agent.log.LogVerifier;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.AgentUnderLoad;
import io.mamori.agent.testing.ChildOutput;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process killed with SIGKILL at random moments while it records and ships events,
 * {@code mamori.test.kill-cycles} times (200 by default; {@code tools/soak-agent} runs more).
 * Afterwards every event in the local log is at the console exactly once and the log verifies.
 */
class AgentSurvivesKillDuringDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void everyEventArrivesExactlyOnceAndTheLogVerifies() throws Exception {
        int cycles = Integer.getInteger("mamori.test.kill-cycles", 200);
        long seed = Long.getLong("mamori.test.seed", System.nanoTime());
        Random random = new Random(seed);
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            StateDirectory state = StateDirectory.open(dir.resolve("agent"));
            assertThat(AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", console.client().baseUrl(),
                    "--token", console.enrollmentToken("default", 1, 1), "--fingerprint", console.tls().fingerprint())).isZero();
            String agentId = AgentIdentity.load(state).orElseThrow().agentId().toString();

            for (int cycle = 0; cycle < cycles; cycle++) {
                Process agent = start(state, 2);
                awaitReady(agent);
                Thread.sleep(50 + random.nextInt(600));
                agent.destroyForcibly(); // SIGKILL
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("cycle %d (seed %d)", cycle, seed).isTrue();
            }
            // a last run that is left to deliver everything, then stopped cleanly
            Process last = start(state, 0);
            awaitReady(last);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (unsent(state) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            last.destroy(); // SIGTERM
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

            Set<String> local = new HashSet<>();
            try (LogReader log = LogReader.open(state.operationLog())) {
                log.forEachSince(Long.MIN_VALUE, record -> {
                    local.add(record.eventId().toString());
                    assertThat(record.state()).as("every record delivered (seed %d)", seed).isEqualTo(OperationLog.SENT);
                });
                LogVerifier.Result verified = log.verify(AgentKey.readPublic(state));
                assertThat(verified.intact()).as("%s (seed %d)", verified.problem(), seed).isTrue();
            }
            Map<String, Integer> atConsole = new HashMap<>();
            for (JsonNode event : ConsoleEvents.of(console.admin().client(), agentId)) {
                atConsole.merge(event.get("eventId").asText(), 1, Integer::sum);
            }
            assertThat(local.size()).as("events recorded across %d kills", cycles).isGreaterThan(cycles);
            assertThat(atConsole.keySet()).as("seed %d", seed).isEqualTo(local);
            assertThat(atConsole.values()).allMatch(n -> n == 1);
            System.out.printf("%d kills (seed %d): %d events recorded, each at the console once; the log verifies%n", cycles, seed,
                    local.size());
        }
    }

    private static Process start(StateDirectory state, int eventIntervalMillis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AgentUnderLoad.class.getName(), state.root().toString(), Integer.toString(eventIntervalMillis))
                .redirectErrorStream(true).start();
    }

    private static void awaitReady(Process agent) throws Exception {
        try {
            ChildOutput.awaitLine(agent, "ready");
        } catch (java.io.IOException e) {
            throw new AssertionError("the agent stopped before it was ready (exit " + agent.waitFor() + ")");
        }
    }

    private static long unsent(StateDirectory state) throws Exception {
        try (LogReader log = LogReader.open(state.operationLog())) {
            return log.unsentCount();
        }
    }
}

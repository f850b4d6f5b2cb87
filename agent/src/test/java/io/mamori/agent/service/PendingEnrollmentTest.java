package io.mamori.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.policy.ShippedPolicy;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.TcpProxy;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enrollment asked for at install that fails — console unreachable, token wrong, fingerprint
 * malformed — leaves an agent that runs on the shipped policy, says why in its status, and, for
 * the console that was only unreachable, enrolls by itself once it is reachable, keeping the id
 * its earlier events carry. Against a real console over HTTPS through a proxy the test takes down.
 */
class PendingEnrollmentTest {

    /** The console's own shipped default, as the packages copy it. */
    static final Path SHIPPED = Path.of("").toAbsolutePath().getParent().resolve("console/src/main/resources/policies/default.json");

    private static ConsoleFixture console;
    private static TcpProxy proxy;
    private static ApiClient admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void startConsole() throws Exception {
        console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null);
        proxy = new TcpProxy(URI.create(console.client().baseUrl()).getPort());
        admin = console.admin().client();
    }

    @AfterAll
    static void stopConsole() {
        proxy.close();
        console.close();
    }

    private static String out(Runnable command) {
        return captured(command, false);
    }

    private static String err(Runnable command) {
        return captured(command, true);
    }

    private static synchronized String captured(Runnable command, boolean standardError) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = standardError ? System.err : System.out;
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (standardError) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            command.run();
        } finally {
            if (standardError) {
                System.setErr(before);
            } else {
                System.setOut(before);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int attempts(StateDirectory state) {
        try {
            return PendingEnrollment.load(state).map(PendingEnrollment::attempts).orElse(-1);
        } catch (java.io.IOException e) {
            return -1; // being rewritten
        }
    }

    private int enroll(StateDirectory state, String token, String fingerprint) {
        return AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", token, "--fingerprint", fingerprint,
                "--hostname", "pc-pending.example.jp", "--pending-on-failure");
    }

    @Test
    void anUnreachableConsoleLeavesAnAgentOnTheShippedPolicyThatEnrollsByItselfKeepingItsId() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("unreachable"));
        proxy.down();
        String token = console.enrollmentToken("default", 1, 24);
        int[] exit = new int[1];
        String err = err(() -> exit[0] = enroll(state, token, console.tls().fingerprint()));
        assertThat(exit[0]).isEqualTo(5);
        assertThat(err).contains("Enrollment failed").contains("shipped policy");
        assertThat(err).doesNotContain(token);
        PendingEnrollment pending = PendingEnrollment.load(state).orElseThrow();
        assertThat(pending.attempts()).isEqualTo(1);
        assertThat(pending.lastFailure()).isNotBlank();
        assertThat(AgentIdentity.load(state)).isEmpty();
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.pendingEnrollment()))).isEqualTo("rw-------");
        }

        String status = out(() -> assertThat(AgentCommand.run("status", "--state-dir", state.root().toString())).isZero());
        assertThat(status).contains("NOT ENROLLED").contains(pending.agentId().toString()).contains("1 failed attempts");

        Policy shipped = ShippedPolicy.read(SHIPPED);
        try (RunningAgent agent = RunningAgent.start(state, AgentConfig.defaults(), Optional.of(shipped), Clock.systemUTC())) {
            AgentService first = agent.current();
            assertThat(first.enrolled()).isFalse();
            assertThat(first.policy().inForce()).contains(shipped);
            assertThat(first.policy().onShippedPolicy()).isTrue();
            // the retry runs on its own: wait for a second failed attempt, then let the console be reached
            Await.until("a second attempt", Duration.ofSeconds(30),
                    () -> attempts(state) >= 2);
            proxy.up();
            Await.until("the agent to enroll by itself", Duration.ofSeconds(60), () -> agent.current() != first
                    && agent.current().enrolled());
            AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
            assertThat(identity.agentId()).isEqualTo(pending.agentId());
            assertThat(PendingEnrollment.load(state)).isEmpty();
            // what it recorded before it could enroll reaches the console as its own
            Await.until("the start before enrollment at the console", Duration.ofSeconds(60), () -> ConsoleEvents.of(admin,
                    identity.agentId().toString(), EventKind.AGENT_STARTED.name()).stream()
                    .anyMatch(e -> java.time.Instant.parse(e.path("occurredAt").asText()).isBefore(identity.enrolledAt())));
            // and from now on the console's policy is in force, not the shipped one
            Await.until("the console's policy", Duration.ofSeconds(60), () -> agent.current().policy().current().isPresent());
            assertThat(agent.current().policy().onShippedPolicy()).isFalse();
        } finally {
            proxy.up();
        }
    }

    @Test
    void aWrongTokenIsKeptTriedAgainAndSaidInTheStatus() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("wrong-token"));
        proxy.up();
        String wrong = UUID.randomUUID().toString();
        assertThat(enroll(state, wrong, console.tls().fingerprint())).isEqualTo(5);
        PendingEnrollment pending = PendingEnrollment.load(state).orElseThrow();
        assertThat(pending.lastFailure()).contains("401");
        try (RunningAgent agent = RunningAgent.start(state, AgentConfig.defaults(), Optional.of(ShippedPolicy.read(SHIPPED)),
                Clock.systemUTC())) {
            assertThat(agent.current().enrolled()).isFalse();
            Await.until("a second attempt", Duration.ofSeconds(30),
                    () -> attempts(state) >= 2);
            assertThat(agent.current().enrolled()).isFalse();
        }
        String status = out(() -> AgentCommand.run("status", "--state-dir", state.root().toString()));
        assertThat(status).contains("401").doesNotContain(wrong);
    }

    @Test
    void aMalformedFingerprintStillLeavesAnAgentOnTheShippedPolicyThatSaysWhyAndTriesNothing() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("malformed"));
        assertThat(enroll(state, console.enrollmentToken("default", 1, 24), "not-a-fingerprint")).isEqualTo(5);
        PendingEnrollment pending = PendingEnrollment.load(state).orElseThrow();
        assertThat(pending.unusable()).contains("64 hexadecimal");
        try (RunningAgent agent = RunningAgent.start(state, AgentConfig.defaults(), Optional.of(ShippedPolicy.read(SHIPPED)),
                Clock.systemUTC())) {
            assertThat(agent.current().policy().onShippedPolicy()).isTrue();
        }
        assertThat(PendingEnrollment.load(state).orElseThrow().attempts()).isZero();
        String status = out(() -> AgentCommand.run("status", "--state-dir", state.root().toString()));
        assertThat(status).contains("cannot work as given").contains("64 hexadecimal");
    }

    @Test
    void withoutPendingOnFailureAFailedEnrollmentKeepsNothing() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("plain"));
        proxy.up();
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", UUID.randomUUID().toString(), "--fingerprint",
                console.tls().fingerprint());
        assertThat(exit).isEqualTo(3);
        assertThat(PendingEnrollment.load(state)).isEmpty();
        assertThat(AgentCommand.run("run", "--state-dir", state.root().toString())).as("nothing to run as").isEqualTo(2);
    }

    @Test
    void anEnrollmentByHandCompletesAPendingOneUnderTheSameId() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("by-hand"));
        proxy.up();
        assertThat(enroll(state, UUID.randomUUID().toString(), console.tls().fingerprint())).isEqualTo(5);
        PendingEnrollment pending = PendingEnrollment.load(state).orElseThrow();
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", console.enrollmentToken("default", 1, 1), "--fingerprint",
                console.tls().fingerprint(), "--hostname", "pc-pending.example.jp");
        assertThat(exit).isZero();
        assertThat(AgentIdentity.load(state).orElseThrow().agentId()).isEqualTo(pending.agentId());
        assertThat(PendingEnrollment.load(state)).isEmpty();
        List<JsonNode> agents = List.of(admin.get("/api/admin/agents/" + pending.agentId()).json());
        assertThat(agents.get(0).path("hostname").asText()).isEqualTo("pc-pending.example.jp");
    }
}

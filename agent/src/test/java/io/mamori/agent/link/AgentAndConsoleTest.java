package io.mamori.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.LogReader;
import io.mamori.agent.log.LogVerifier;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.service.ConsoleContact;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.TcpProxy;
import io.mamori.agent.testing.TestEvents;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Action;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real console over HTTPS (self-signed, fingerprint pinned), through a
 * loopback proxy the test can take down: enrollment, policy, events exactly once, commands once,
 * and an outage survived.
 */
class AgentAndConsoleTest {

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

    private StateDirectory enroll(String token) throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("agent"));
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", token, "--fingerprint", console.tls().fingerprint(),
                "--hostname", "pc-test.example.jp");
        assertThat(exit).isZero();
        return state;
    }

    private static AgentConfig fast() {
        AgentConfig d = AgentConfig.defaults();
        return new AgentConfig(50, d.outboxMaxEvents(), d.outboxMaxAge(), d.retention(), d.maxLogBytes(), d.checkpointEvery(),
                d.checkpointInterval(), Duration.ofSeconds(5), null, d.stallAfter(), d.media(), d.indexer());
    }

    private static List<JsonNode> consoleEvents(String agentId) {
        return ConsoleEvents.of(admin, agentId);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    private interface SqlCheck {
        boolean test() throws java.sql.SQLException;
    }

    private static boolean unchecked(SqlCheck check) {
        try {
            return check.test();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void enrollsPullsTheSignedPolicyDeliversEventsOnceAndSurvivesAnOutage() throws Exception {
        StateDirectory state = enroll(console.enrollmentToken("default", 1, 1));
        AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
        String agentId = identity.agentId().toString();
        assertThat(identity.tlsFingerprint()).isEqualTo(console.tls().fingerprint());

        List<Event> sent = new ArrayList<>();
        try (AgentService agent = AgentService.start(state, identity, fast(), Clock.systemUTC())) {
            await("the policy is in force", Duration.ofSeconds(20), () -> agent.policy().version() > 0);
            for (int i = 0; i < 120; i++) {
                Event event = TestEvents.fileWritten(identity.agentId(), i % 3 == 0 ? Action.BLOCK : Action.AUDIT);
                sent.add(event);
                agent.recorder().record(event);
            }
            await("the console has every event", Duration.ofSeconds(30), () -> consoleEvents(agentId).stream()
                    .filter(e -> "FILE_WRITTEN".equals(e.get("kind").asText())).count() == 120);

            // The console goes away: events wait in the log; the agent knows it cannot reach it.
            proxy.down();
            List<Event> duringOutage = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Event event = TestEvents.fileWritten(identity.agentId(), Action.AUDIT);
                duringOutage.add(event);
                agent.recorder().record(event);
            }
            await("the agent notices the outage", Duration.ofSeconds(20),
                    () -> unchecked(() -> ConsoleContact.read(agent.log().state()).reachable().equals(Optional.of(false))));
            assertThat(agent.log().unsentCount()).isGreaterThanOrEqualTo(60);

            proxy.up();
            sent.addAll(duringOutage);
            await("everything is delivered after the outage", Duration.ofSeconds(60), () -> unchecked(() -> agent.log().unsentCount() == 0));
        }

        List<JsonNode> received = consoleEvents(agentId);
        Map<String, Integer> counts = new HashMap<>();
        received.forEach(e -> counts.merge(e.get("eventId").asText(), 1, Integer::sum));
        assertThat(counts.values()).allMatch(n -> n == 1);
        assertThat(counts.keySet()).containsAll(sent.stream().map(e -> e.eventId().toString()).toList());
        assertThat(received.stream().map(e -> e.get("kind").asText()))
                .contains("AGENT_STARTED", "POLICY_APPLIED", "AGENT_STOPPED");
        // the local log and the console hold the same events
        try (LogReader log = LogReader.open(state.operationLog())) {
            assertThat(count(log, "SELECT COUNT(*) FROM record")).isEqualTo(received.size());
            LogVerifier.Result verified = log.verify(AgentKey.readPublic(state));
            assertThat(verified.intact()).as(verified.problem()).isTrue();
        }
        // delivered in the order they were recorded
        List<String> outageIds = duringOutageIds(sent);
        List<Long> receivedAt = new ArrayList<>();
        for (String id : outageIds) {
            receivedAt.add(java.time.Instant.parse(admin.get("/api/admin/events/" + id).json().path("summary").path("receivedAt")
                    .asText()).toEpochMilli());
        }
        assertThat(receivedAt).isSorted();

        // and the commands people use on it
        String root = state.root().toString();
        assertThat(captured(() -> AgentCommand.run("status", "--state-dir", root))).contains(agentId).contains(identity.hostname());
        String json = captured(() -> AgentCommand.run("log", "--json", "--state-dir", root));
        assertThat(json.lines().count()).isEqualTo(received.size());
        assertThat(json.lines().findFirst().orElseThrow()).startsWith("{").contains("\"eventId\"");
        assertThat(captured(() -> AgentCommand.run("log", "--since", "1h", "--state-dir", root)).lines().count())
                .isEqualTo(received.size());
        assertThat(AgentCommand.run("log", "--since", "yesterday", "--state-dir", root)).isEqualTo(2);
        assertThat(AgentCommand.run("verify-log", "--state-dir", root)).isZero();
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + state.operationLog())) {
            connection.createStatement().execute("DROP TRIGGER record_content_is_final");
            connection.createStatement().execute("UPDATE record SET document = document || ' ' WHERE seq = 5");
        }
        String broken = captured(() -> assertThat(AgentCommand.run("verify-log", "--state-dir", root)).isEqualTo(1));
        assertThat(broken).contains("#5");
    }

    private static List<String> duringOutageIds(List<Event> sent) {
        return sent.subList(120, sent.size()).stream().map(e -> e.eventId().toString()).toList();
    }

    private static String captured(Runnable command) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            command.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void carriesOutACommandOnceAndReportsItsResult() throws Exception {
        StateDirectory state = enroll(console.enrollmentToken("default", 1, 1));
        AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
        String agentId = identity.agentId().toString();
        ApiClient.Response granted = admin.post("/api/admin/agents/" + agentId + "/exceptions", Map.of("scope", "DEVICE",
                "device", Map.of("vendorId", "0781", "productId", "5583"), "validForHours", 24, "reason", "展示会 demo"));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        ApiClient.Response refresh = admin.post("/api/admin/agents/" + agentId + "/refresh-patch-status", Map.of());
        assertThat(refresh.status()).as(refresh.text()).isLessThan(300);

        try (AgentService agent = AgentService.start(state, identity, fast(), Clock.systemUTC())) {
            await("the console has both results", Duration.ofSeconds(30), () -> {
                JsonNode commands = admin.get("/api/admin/agents/" + agentId + "/commands").json();
                JsonNode items = commands.has("items") ? commands.get("items") : commands;
                int completed = 0;
                for (JsonNode command : items) {
                    completed += command.hasNonNull("completedAt") ? 1 : 0;
                }
                return completed == 2;
            });
            // the patch level, measured on the agent's own thread, reaches the console with a heartbeat
            await("the console has the patch status", Duration.ofSeconds(60), () -> {
                JsonNode patch = admin.get("/api/admin/agents/" + agentId).json().path("patch");
                return patch.isObject() && patch.hasNonNull("collectedAt");
            });
            Thread.sleep(6000); // another heartbeat: the console no longer sends them, nothing runs twice
        }
        JsonNode patch = admin.get("/api/admin/agents/" + agentId).json().path("patch");
        assertThat(patch.path("osFamily").asText()).isEqualTo("LINUX");
        assertThat(patch.path("pendingUpdates").isInt()).as(patch.toString()).isTrue();
        JsonNode commands = admin.get("/api/admin/agents/" + agentId + "/commands").json();
        JsonNode items = commands.has("items") ? commands.get("items") : commands;
        Map<String, String> outcomes = new HashMap<>();
        items.forEach(c -> outcomes.put(c.get("type").asText(), c.get("outcome").asText()));
        assertThat(outcomes).containsEntry("GRANT_EXCEPTION", "DONE").containsEntry("REFRESH_PATCH_STATUS", "DONE");
        try (LogReader log = LogReader.open(state.operationLog())) {
            assertThat(count(log, "SELECT COUNT(*) FROM exception_grant")).isEqualTo(1);
            assertThat(count(log, "SELECT COUNT(*) FROM command_done")).isEqualTo(2);
            assertThat(count(log, "SELECT SUM(reported) FROM command_done")).isEqualTo(2);
        }
    }

    /** The first column of the first row of a query on the log's file. */
    private static long count(LogReader log, String sql) throws java.sql.SQLException {
        return log.file().run(c -> {
            try (ResultSet row = c.createStatement().executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Test
    void aDamagedLogIsMovedAsideAndReportedToTheConsole() throws Exception {
        StateDirectory state = enroll(console.enrollmentToken("default", 1, 1));
        AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
        try (AgentService agent = AgentService.start(state, identity, fast(), Clock.systemUTC())) {
            await("the policy is in force", Duration.ofSeconds(20), () -> agent.policy().version() > 0);
        }
        byte[] garbage = new byte[16384];
        new java.util.Random(11).nextBytes(garbage);
        java.nio.file.Files.write(state.operationLog(), garbage);
        java.nio.file.Files.deleteIfExists(Path.of(state.operationLog() + "-wal"));
        java.nio.file.Files.deleteIfExists(Path.of(state.operationLog() + "-shm"));

        try (AgentService agent = AgentService.start(state, identity, fast(), Clock.systemUTC())) {
            await("the console hears of the damaged log", Duration.ofSeconds(30), () -> consoleEvents(identity.agentId().toString())
                    .stream().anyMatch(e -> "LOG_INTEGRITY".equals(e.get("kind").asText())));
            assertThat(agent.log().movedAside()).isPresent();
            assertThat(agent.policy().version()).as("the kept policy is still in force").isPositive();
        }
    }

    @Test
    void aRefusedTokenEnrollsNothing() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("refused"));
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", UUID.randomUUID().toString(), "--fingerprint",
                console.tls().fingerprint());
        assertThat(exit).isEqualTo(3);
        assertThat(AgentIdentity.load(state)).isEmpty();
    }

    @Test
    void aConsoleWithAnotherCertificateIsNotTrusted() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("untrusted"));
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console",
                "https://127.0.0.1:" + proxy.port() + "/", "--token", console.enrollmentToken("default", 1, 1), "--fingerprint",
                "ab".repeat(32));
        assertThat(exit).isEqualTo(3);
        assertThat(AgentIdentity.load(state)).isEmpty();
    }
}

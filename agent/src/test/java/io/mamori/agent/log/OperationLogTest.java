package io.mamori.agent.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.TestEvents;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operation log on a real SQLite file: the chain, what verify-log finds, capacity, pruning, damage. */
class OperationLogTest {

    private static final AgentId AGENT = AgentId.parse(UUID.randomUUID().toString());

    @TempDir
    Path dir;

    private StateDirectory state;
    private AgentKey key;

    @BeforeEach
    void setUp() throws Exception {
        state = StateDirectory.open(dir.resolve("state"));
        key = AgentKey.loadOrCreate(state);
    }

    private OperationLog open(Clock clock) throws Exception {
        return OperationLog.open(state.operationLog(), key, clock, 10, Duration.ofHours(1));
    }

    private List<Event> fill(OperationLog log, int count, Action action, Instant at) throws SQLException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Event event = TestEvents.fileWritten(AGENT, action, at);
            log.append(event);
            events.add(event);
        }
        return events;
    }

    private LogVerifier.Result verify() throws Exception {
        try (LogReader log = LogReader.open(state.operationLog())) {
            return log.verify(AgentKey.readPublic(state));
        }
    }

    /** What someone editing the file by hand does: the content trigger is only a guard against mistakes. */
    private void tamper(String... sql) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + state.operationLog());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER IF EXISTS record_content_is_final");
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    @Test
    void anIntactLogVerifiesWithItsCheckpoints() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 35, Action.AUDIT, Instant.now());
        }
        LogVerifier.Result result = verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.records()).isEqualTo(35);
        assertThat(result.firstSeq()).isEqualTo(1);
        assertThat(result.lastSeq()).isEqualTo(35);
        assertThat(result.checkpoints()).isEqualTo(4); // every 10, and one on close
    }

    @Test
    void theLogFileIsOwnerOnly() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 1, Action.AUDIT, Instant.now());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.operationLog()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.root()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.signingKey()))).isEqualTo("rw-------");
    }

    @Test
    void recordsCannotBeChangedThroughTheAgent() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 2, Action.AUDIT, Instant.now());
            assertThatThrownBy(() -> log.file().transaction(c -> c.createStatement().executeUpdate(
                    "UPDATE record SET document = '{}' WHERE seq = 1"))).hasMessageContaining("cannot be changed");
        }
    }

    @Test
    void verifyLogNamesAnEditedRecord() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 20, Action.BLOCK, Instant.now());
        }
        tamper("UPDATE record SET document = replace(document, '\"BLOCK\"', '\"ALLOW\"') WHERE seq = 7");
        LogVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(7);
        assertThat(result.problem()).contains("changed");
    }

    @Test
    void verifyLogNamesADeletedRecord() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 20, Action.AUDIT, Instant.now());
        }
        tamper("DELETE FROM record WHERE seq = 12");
        LogVerifier.Result result = verify();
        assertThat(result.brokenAt()).isEqualTo(12);
        assertThat(result.problem()).contains("missing");
    }

    @Test
    void verifyLogFindsTheFirstRecordsDeleted() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 20, Action.AUDIT, Instant.now());
        }
        tamper("DELETE FROM record WHERE seq <= 3");
        assertThat(verify().brokenAt()).isEqualTo(1);
    }

    @Test
    void verifyLogFindsTheEndDeletedUpToASignedCheckpoint() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 20, Action.AUDIT, Instant.now());
        }
        tamper("DELETE FROM record WHERE seq > 15");
        LogVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(16);
    }

    @Test
    void verifyLogFindsARewrittenChain() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 20, Action.AUDIT, Instant.now());
        }
        // Rewrite record 5 and recompute every hash after it, as someone without the agent's key would.
        List<String[]> rows = new ArrayList<>();
        try (LogReader log = LogReader.open(state.operationLog())) {
            log.forEachSince(Long.MIN_VALUE, record -> rows.add(new String[] {Long.toString(record.seq()), record.document()}));
        }
        List<String> updates = new ArrayList<>();
        String previous = ChainHash.GENESIS;
        for (String[] row : rows) {
            long seq = Long.parseLong(row[0]);
            String document = seq == 5 ? row[1].replace("\"AUDIT\"", "\"ALLOW\"") : row[1];
            String hash = ChainHash.of(previous, seq, document);
            updates.add("UPDATE record SET document = '" + document.replace("'", "''") + "', prev_hash = '" + previous
                    + "', hash = '" + hash + "' WHERE seq = " + seq);
            previous = hash;
        }
        tamper(updates.toArray(String[]::new));
        LogVerifier.Result result = verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(10); // the first checkpoint after the change
        assertThat(result.problem()).contains("checkpoint");
    }

    @Test
    void aForgedCheckpointIsRefused() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 12, Action.AUDIT, Instant.now());
        }
        tamper("UPDATE checkpoint SET created_at = created_at + 1 WHERE seq = 10");
        assertThat(verify().problem()).contains("not signed by this agent's key");
    }

    @Test
    void anEventIsAppendedOnce() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            Event event = TestEvents.fileWritten(AGENT, Action.AUDIT);
            long first = log.append(event);
            assertThat(log.append(event)).isEqualTo(first);
            assertThat(log.unsentCount()).isEqualTo(1);
        }
    }

    @Test
    void theChainContinuesAcrossRestarts() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 5, Action.AUDIT, Instant.now());
        }
        try (OperationLog log = open(Clock.systemUTC())) {
            assertThat(log.lastSeq()).isEqualTo(5);
            fill(log, 5, Action.AUDIT, Instant.now());
        }
        assertThat(verify().intact()).isTrue();
        assertThat(verify().records()).isEqualTo(10);
    }

    @Test
    void overCapacityOldAuditEventsAreGivenUpButNeverBlocksOrWarnings() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(10));
        try (OperationLog log = open(Clock.fixed(Instant.now(), ZoneOffset.UTC))) {
            List<Event> audits = fill(log, 1500, Action.AUDIT, old);
            fill(log, 300, Action.BLOCK, old);
            fill(log, 300, Action.WARN_OVERRIDE, old);
            fill(log, 100, Action.AUDIT, Instant.now());
            assertThat(log.unsentCount()).isEqualTo(2200);

            int dropped = log.enforceCapacity(1000, Duration.ofDays(7));

            assertThat(dropped).isEqualTo(1200);
            assertThat(log.droppedTotal()).isEqualTo(1200);
            assertThat(log.unsentCount()).isEqualTo(1000);
            List<LogRecord> unsent = log.unsent(1000);
            assertThat(unsent.stream().filter(r -> "BLOCK".equals(r.action())).count()).isEqualTo(300);
            assertThat(unsent.stream().filter(r -> "WARN_OVERRIDE".equals(r.action())).count()).isEqualTo(300);
            // the oldest audits went first
            assertThat(unsent.stream().map(LogRecord::eventId).collect(Collectors.toSet()))
                    .doesNotContain(audits.get(0).eventId()).contains(audits.get(1499).eventId());
        }
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void withinMaxAgeNothingIsGivenUpEvenOverTheCount() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 1200, Action.AUDIT, Instant.now().minus(Duration.ofDays(2)));
            assertThat(log.enforceCapacity(1000, Duration.ofDays(7))).isZero();
            assertThat(log.unsentCount()).isEqualTo(1200);
        }
    }

    @Test
    void pruningKeepsTheChainVerifiableFromItsSignedAnchorAndNeverPrunesUnsent() throws Exception {
        Instant now = Instant.now();
        try (OperationLog log = open(Clock.fixed(now, ZoneOffset.UTC))) {
            List<Event> old = fill(log, 50, Action.AUDIT, now.minus(Duration.ofDays(100)));
            log.markSent(old.subList(0, 40).stream().map(Event::eventId).toList());
            fill(log, 10, Action.AUDIT, now);

            int pruned = log.prune(Duration.ofDays(90), Long.MAX_VALUE);

            assertThat(pruned).isEqualTo(40);
            assertThat(log.unsentCount()).isEqualTo(20);
        }
        LogVerifier.Result result = verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.firstSeq()).isEqualTo(41);
        assertThat(result.lastSeq()).isEqualTo(60);
    }

    @Test
    void aLogOverItsSizeLimitPrunesItsOldestSentRecordsButNoUnsentOne() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            List<Event> sent = fill(log, 150, Action.AUDIT, Instant.now());
            log.markSent(sent.stream().map(Event::eventId).toList());
            fill(log, 50, Action.BLOCK, Instant.now());

            int pruned = log.prune(Duration.ofDays(90), 1); // far over a one-byte limit

            assertThat(pruned).isEqualTo(150);
            assertThat(log.unsentCount()).isEqualTo(50);
        }
        LogVerifier.Result result = verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.firstSeq()).isEqualTo(151);
    }

    @Test
    void damageBeyondTheHeaderIsFoundByTheCheckAndTheLogMovedAsideAtTheNextStart() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 300, Action.AUDIT, Instant.now());
        }
        assertThat(OperationLog.check(state.operationLog())).isEmpty();
        byte[] file = Files.readAllBytes(state.operationLog());
        byte[] garbage = new byte[8192];
        new java.util.Random(3).nextBytes(garbage);
        System.arraycopy(garbage, 0, file, file.length / 2, garbage.length); // pages in the middle, header intact
        Files.write(state.operationLog(), file);

        assertThat(OperationLog.check(state.operationLog())).isPresent();

        try (OperationLog log = open(Clock.systemUTC())) {
            assertThat(log.movedAside()).isPresent();
            assertThat(log.lastSeq()).isZero();
        }
        assertThat(OperationLog.check(state.operationLog())).isEmpty();
    }

    @Test
    void aDamagedLogIsMovedAsideAndANewOneStarted() throws Exception {
        try (OperationLog log = open(Clock.systemUTC())) {
            fill(log, 5, Action.AUDIT, Instant.now());
        }
        byte[] garbage = new byte[8192];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(state.operationLog(), garbage);
        Files.deleteIfExists(Path.of(state.operationLog() + "-wal"));
        Files.deleteIfExists(Path.of(state.operationLog() + "-shm"));

        try (OperationLog log = open(Clock.systemUTC())) {
            assertThat(log.movedAside()).isPresent();
            assertThat(log.movedAside().get()).exists();
            assertThat(Files.readAllBytes(log.movedAside().get())).isEqualTo(garbage);
            assertThat(log.lastSeq()).isZero();
            fill(log, 1, Action.AUDIT, Instant.now());
        }
        assertThat(verify().intact()).isTrue();
    }
}

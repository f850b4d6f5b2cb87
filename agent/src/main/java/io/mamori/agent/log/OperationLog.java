package io.mamori.agent.log;

import io.mamori.protocol.event.Event;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * The operation log (操作ログ): every event the agent records, append-only, in a SQLite file
 * (WAL, {@code synchronous=FULL}: an event the log has taken survives a power cut). Each record
 * carries the hash of the one before (a hash chain) and signed checkpoints are written as it
 * grows, so an edited or deleted record is found by {@link LogVerifier}. The unsent tail is the
 * outbox: records are marked sent only when the console acknowledged them. Format and states in
 * docs/agent.md.
 *
 * <p>One writer: every method is synchronized on the log.
 */
public final class OperationLog implements AutoCloseable {

    /** The on-disk format; a newer file is refused rather than misread. */
    public static final int FORMAT = 1;

    /** Record states. */
    public static final int UNSENT = 0;
    public static final int SENT = 1;
    public static final int DROPPED = 2;
    public static final int REJECTED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(OperationLog.class);

    private final Path file;
    private final Connection connection;
    private final AgentKey key;
    private final Clock clock;
    private final int checkpointEvery;
    private final Duration checkpointInterval;
    private final Path movedAside;
    private long lastSeq;
    private String lastHash;
    private long lastCheckpointSeq;
    private Instant lastCheckpointAt;

    private OperationLog(Path file, Connection connection, AgentKey key, Clock clock, int checkpointEvery,
            Duration checkpointInterval, Path movedAside) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.key = key;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
        this.movedAside = movedAside;
        loadHead();
    }

    /**
     * Opens the log for writing, creating it if needed. A file that is not a readable SQLite
     * database, or that an earlier {@link #check} found damaged, is moved aside (see
     * {@link #movedAside()}) and a new log is started: the agent must keep recording, and the
     * damaged file is kept for whoever investigates. Opening reads only the file's header and the
     * head of the chain; the check of every page runs later, off the start path.
     */
    public static OperationLog open(Path file, AgentKey key, Clock clock, int checkpointEvery, Duration checkpointInterval)
            throws IOException {
        Path aside = null;
        Path marker = damageMarker(file);
        if (Files.exists(marker)) {
            aside = moveAside(file, Files.readString(marker, java.nio.charset.StandardCharsets.UTF_8).strip());
            Files.delete(marker);
        }
        try {
            return openSound(file, key, clock, checkpointEvery, checkpointInterval, aside);
        } catch (SQLException e) {
            if (!isCorruption(e)) {
                throw new IOException("cannot open the operation log " + file + ": " + e.getMessage(), e);
            }
            aside = moveAside(file, e.getMessage());
            try {
                return openSound(file, key, clock, checkpointEvery, checkpointInterval, aside);
            } catch (SQLException again) {
                throw new IOException("cannot create a new operation log " + file + ": " + again.getMessage(), again);
            }
        }
    }

    private static OperationLog openSound(Path file, AgentKey key, Clock clock, int checkpointEvery, Duration checkpointInterval,
            Path aside) throws SQLException, IOException {
        Connection connection = connect(file, false);
        try {
            migrate(connection);
            restrict(file);
            return new OperationLog(file, connection, key, clock, checkpointEvery, checkpointInterval, aside);
        } catch (SQLException | IOException | RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    /**
     * SQLite's own check of every page of the log, on a read-only connection of its own, so the
     * writer is not held up: it reads the whole file (about 0.4 s for 400 MB here), which is why
     * the agent runs it in the background after start rather than in {@link #open}. A damaged log
     * is marked, and the next {@link #open} moves it aside.
     *
     * @return what is wrong, or empty if the file is sound
     */
    public static Optional<String> check(Path file) throws IOException {
        String problem;
        try (Connection connection = connect(file, true)) {
            problem = check(connection);
        } catch (SQLException e) {
            if (!isCorruption(e)) {
                throw new IOException("cannot check the operation log " + file + ": " + e.getMessage(), e);
            }
            problem = e.getMessage();
        }
        if (problem != null) {
            PrivateFiles.write(damageMarker(file), problem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(problem);
    }

    private static Path damageMarker(Path file) {
        return file.resolveSibling(file.getFileName() + ".damaged");
    }

    /** Opens an existing log to read only (status, log, verify-log), beside a running agent. */
    public static Connection openReadOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("there is no operation log at " + file);
        }
        try {
            return connect(file, true);
        } catch (SQLException e) {
            throw new IOException("cannot read the operation log " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** Null if the database is sound, else what is wrong with it. */
    private static String check(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA quick_check")) {
            String first = row.next() ? row.getString(1) : "no answer";
            return "ok".equals(first) ? null : first;
        }
    }

    private static boolean isCorruption(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code
                || String.valueOf(e.getMessage()).contains("SQLITE_CORRUPT") || String.valueOf(e.getMessage()).contains("SQLITE_NOTADB");
    }

    private static Path moveAside(Path file, String problem) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        LOG.error("the operation log {} is damaged ({}); it is kept as {} and a new log is started", file, problem, aside.getFileName());
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        for (String suffix : List.of("-wal", "-shm")) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return aside;
    }

    private static void restrict(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    private static void migrate(Connection connection) throws SQLException {
        int version;
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA user_version")) {
            version = row.next() ? row.getInt(1) : 0;
        }
        if (version > FORMAT) {
            throw new SQLException("the log has format " + version + ", newer than this agent's " + FORMAT + "; upgrade the agent");
        }
        if (version == FORMAT) {
            return;
        }
        inTransaction(connection, c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute("CREATE TABLE record (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                        + " occurred_at INTEGER NOT NULL, kind TEXT NOT NULL, action TEXT, document TEXT NOT NULL,"
                        + " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, state INTEGER NOT NULL DEFAULT 0)");
                statement.execute("CREATE INDEX record_unsent ON record (seq) WHERE state = 0");
                statement.execute("CREATE INDEX record_time ON record (occurred_at)");
                // A record's content never changes once written; only its delivery state does.
                statement.execute("CREATE TRIGGER record_content_is_final BEFORE UPDATE OF seq, event_id, occurred_at, kind, action,"
                        + " document, prev_hash, hash ON record BEGIN SELECT RAISE(ABORT, 'operation log records cannot be changed'); END");
                statement.execute("CREATE TABLE checkpoint (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, created_at INTEGER NOT NULL,"
                        + " key_id TEXT NOT NULL, signature TEXT NOT NULL)");
                statement.execute("CREATE TABLE anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL,"
                        + " pruned_at INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL)");
                statement.execute("CREATE TABLE agent_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                statement.execute("CREATE TABLE command_done (command_id TEXT PRIMARY KEY, type TEXT NOT NULL, outcome TEXT NOT NULL,"
                        + " detail TEXT, completed_at INTEGER NOT NULL, reported INTEGER NOT NULL DEFAULT 0)");
                statement.execute("CREATE TABLE exception_grant (id TEXT PRIMARY KEY, document TEXT NOT NULL, expires_at INTEGER NOT NULL)");
                statement.execute("PRAGMA user_version = " + FORMAT);
            }
            return null;
        });
    }

    private void loadHead() throws SQLException {
        lastSeq = 0;
        lastHash = ChainHash.GENESIS;
        try (Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT seq, hash FROM anchor WHERE id = 1")) {
                if (row.next()) {
                    lastSeq = row.getLong(1);
                    lastHash = row.getString(2);
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT seq, hash FROM record ORDER BY seq DESC LIMIT 1")) {
                if (row.next()) {
                    lastSeq = row.getLong(1);
                    lastHash = row.getString(2);
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT seq, created_at FROM checkpoint ORDER BY seq DESC LIMIT 1")) {
                if (row.next()) {
                    lastCheckpointSeq = row.getLong(1);
                    lastCheckpointAt = Instant.ofEpochMilli(row.getLong(2));
                } else {
                    lastCheckpointAt = clock.instant();
                }
            }
        }
    }

    /** The damaged file this log replaced when it was opened, if it did. */
    public Optional<Path> movedAside() {
        return Optional.ofNullable(movedAside);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends an event and returns its sequence number. Once this returns, the event is on disk.
     * An event whose id is already in the log is not appended twice; its existing number is
     * returned.
     *
     * @throws SQLException when the event cannot be stored (the disk is full, the file is gone);
     *                      nothing is half-written
     */
    public synchronized long append(Event event) throws SQLException {
        String document = CanonicalJson.text(ProtocolJson.toTree(event));
        long seq = lastSeq + 1;
        String hash = ChainHash.of(lastHash, seq, document);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO record (seq, event_id, occurred_at, kind, action,"
                + " document, prev_hash, hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setLong(1, seq);
            insert.setString(2, event.eventId().toString());
            insert.setLong(3, event.occurredAt().toEpochMilli());
            insert.setString(4, event.kind().name());
            insert.setString(5, event.decision() == null ? null : event.decision().action().name());
            insert.setString(6, document);
            insert.setString(7, lastHash);
            insert.setString(8, hash);
            insert.executeUpdate();
        } catch (SQLException e) {
            Optional<Long> existing = seqOf(event.eventId());
            if (existing.isPresent()) {
                return existing.get();
            }
            throw e;
        }
        lastSeq = seq;
        lastHash = hash;
        if (seq - lastCheckpointSeq >= checkpointEvery
                || Duration.between(lastCheckpointAt, clock.instant()).compareTo(checkpointInterval) >= 0) {
            checkpoint();
        }
        return seq;
    }

    private Optional<Long> seqOf(UUID eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM record WHERE event_id = ?")) {
            select.setString(1, eventId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Signs the head of the chain, if anything was appended since the last checkpoint. */
    public synchronized void checkpoint() throws SQLException {
        if (lastSeq == lastCheckpointSeq || lastSeq == 0) {
            return;
        }
        Instant now = clock.instant();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO checkpoint (seq, hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, lastSeq);
            insert.setString(2, lastHash);
            insert.setLong(3, now.toEpochMilli());
            insert.setString(4, key.keyId());
            insert.setString(5, key.sign(ChainHash.checkpointMessage(lastSeq, lastHash, now.toEpochMilli())));
            insert.executeUpdate();
        }
        lastCheckpointSeq = lastSeq;
        lastCheckpointAt = now;
    }

    /** The oldest unsent records, oldest first: the next batch for the console. */
    public synchronized List<LogRecord> unsent(int limit) throws SQLException {
        List<LogRecord> records = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, event_id, occurred_at, kind, action, document,"
                + " prev_hash, hash, state FROM record WHERE state = 0 ORDER BY seq LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    records.add(LogRecord.from(row));
                }
            }
        }
        return records;
    }

    /** Marks records the console acknowledged as sent. */
    public synchronized void markSent(Collection<UUID> eventIds) throws SQLException {
        setState(eventIds, SENT);
    }

    /** Marks records the console refused for good; they are kept locally and not resent. */
    public synchronized void markRejected(Map<UUID, String> reasons) throws SQLException {
        reasons.forEach((id, reason) -> LOG.warn("the console refused event {} for good: {}", id, reason));
        setState(reasons.keySet(), REJECTED);
    }

    private void setState(Collection<UUID> eventIds, int state) throws SQLException {
        if (eventIds.isEmpty()) {
            return;
        }
        inTransaction(connection, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE record SET state = ? WHERE event_id = ? AND state = 0")) {
                for (UUID id : eventIds) {
                    update.setInt(1, state);
                    update.setString(2, id.toString());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    public synchronized long unsentCount() throws SQLException {
        return count("SELECT COUNT(*) FROM record WHERE state = 0");
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /**
     * Keeps the outbox within its capacity, which is the larger of {@code maxEvents} unsent events
     * and {@code maxAge} of them: when more than {@code maxEvents} are unsent, the oldest unsent
     * records older than {@code maxAge} whose decision was at most AUDIT are given up (marked
     * dropped, kept locally, not sent). Records of warnings and blocks are never given up.
     *
     * @return how many were given up now
     */
    public synchronized int enforceCapacity(long maxEvents, Duration maxAge) throws SQLException {
        long unsent = unsentCount();
        if (unsent <= maxEvents) {
            return 0;
        }
        long excess = unsent - maxEvents;
        long olderThan = clock.instant().minus(maxAge).toEpochMilli();
        int dropped;
        try (PreparedStatement update = connection.prepareStatement("UPDATE record SET state = 2 WHERE seq IN (SELECT seq FROM record"
                + " WHERE state = 0 AND occurred_at < ? AND (action IS NULL OR action IN ('ALLOW', 'AUDIT')) ORDER BY seq LIMIT ?)")) {
            update.setLong(1, olderThan);
            update.setLong(2, excess);
            dropped = update.executeUpdate();
        }
        if (dropped > 0) {
            putState("dropped_total", Long.toString(droppedTotal() + dropped));
            LOG.warn("the outbox holds {} unsent events, more than its capacity of {} events and {} days; the {} oldest"
                    + " audit-only events older than that are not sent (they stay in the local log)", unsent, maxEvents,
                    maxAge.toDays(), dropped);
        } else {
            LOG.warn("the outbox holds {} unsent events, more than its capacity of {}, but none may be given up"
                    + " (all are warnings, blocks or younger than {} days); keeping them", unsent, maxEvents, maxAge.toDays());
        }
        return dropped;
    }

    /** How many events the outbox has given up since the log began. */
    public synchronized long droppedTotal() throws SQLException {
        return state("dropped_total").map(Long::parseLong).orElse(0L);
    }

    /**
     * Prunes records the console has (sent, dropped or rejected) that are older than
     * {@code retention}, and more of the oldest such records while the file is larger than
     * {@code maxBytes}. Before deleting, the last pruned record's hash is kept as the signed
     * anchor the chain continues from. Unsent records are never pruned.
     *
     * @return how many records were pruned
     */
    public synchronized int prune(Duration retention, long maxBytes) throws SQLException {
        long before = clock.instant().minus(retention).toEpochMilli();
        long upTo;
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(seq) FROM record WHERE occurred_at < ? AND seq <"
                + " COALESCE((SELECT MIN(seq) FROM record WHERE state = 0), 9223372036854775807)")) {
            select.setLong(1, before);
            try (ResultSet row = select.executeQuery()) {
                upTo = row.next() ? row.getLong(1) : 0;
            }
        }
        long size = sizeOnDisk();
        if (size > maxBytes) {
            long total = count("SELECT COUNT(*) FROM record");
            long firstUnsent = count("SELECT COALESCE(MIN(seq), 0) FROM record WHERE state = 0");
            long fraction = Math.max(1, total * (size - maxBytes) / Math.max(1, size));
            long first = count("SELECT COALESCE(MIN(seq), 0) FROM record");
            long bySize = first + fraction - 1;
            if (firstUnsent > 0) {
                bySize = Math.min(bySize, firstUnsent - 1);
            }
            upTo = Math.max(upTo, bySize);
        }
        if (upTo <= 0) {
            return 0;
        }
        String hash;
        try (PreparedStatement select = connection.prepareStatement("SELECT hash FROM record WHERE seq = ?")) {
            select.setLong(1, upTo);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return 0;
                }
                hash = row.getString(1);
            }
        }
        long last = upTo;
        String pruneHash = hash;
        int pruned = inTransaction(connection, c -> {
            try (PreparedStatement anchor = c.prepareStatement("INSERT INTO anchor (id, seq, hash, pruned_at, key_id, signature)"
                    + " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                    + " pruned_at = excluded.pruned_at, key_id = excluded.key_id, signature = excluded.signature")) {
                anchor.setLong(1, last);
                anchor.setString(2, pruneHash);
                anchor.setLong(3, clock.millis());
                anchor.setString(4, key.keyId());
                anchor.setString(5, key.sign(ChainHash.anchorMessage(last, pruneHash)));
                anchor.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM record WHERE seq <= ?");
                    PreparedStatement checkpoints = c.prepareStatement("DELETE FROM checkpoint WHERE seq <= ?")) {
                delete.setLong(1, last);
                int deleted = delete.executeUpdate();
                checkpoints.setLong(1, last);
                checkpoints.executeUpdate();
                return deleted;
            }
        });
        if (pruned > 0) {
            LOG.info("pruned {} old records from the operation log (up to #{}; the chain continues from its signed anchor)", pruned, upTo);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        return pruned;
    }

    private long sizeOnDisk() {
        long size = 0;
        for (String suffix : List.of("", "-wal")) {
            try {
                size += Files.size(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                // not there: nothing to count
            }
        }
        return size;
    }

    // ---------------------------------------------------------------- small agent state

    public synchronized Optional<String> state(String name) throws SQLException {
        return readState(connection, name);
    }

    public static Optional<String> readState(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM agent_state WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    public synchronized void putState(String name, String value) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO agent_state (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, name);
            upsert.setString(2, value);
            upsert.executeUpdate();
        }
    }

    /** Work on the log's connection. */
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on the log's connection, under the log's lock. */
    public synchronized <T> T transaction(SqlWork<T> work) throws SQLException {
        return inTransaction(connection, work);
    }

    /** Runs {@code work} in one transaction on {@code connection} (the agent's other SQLite files use it too). */
    public static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** True if {@code e} says the disk (or the file system's quota) is full. */
    public static boolean isDiskFull(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_FULL.code || String.valueOf(e.getMessage()).contains("SQLITE_FULL")
                || code == SQLiteErrorCode.SQLITE_IOERR.code;
    }

    @Override
    public synchronized void close() {
        try {
            checkpoint();
        } catch (SQLException e) {
            LOG.warn("could not write a last checkpoint: {}", e.getMessage());
        }
        close(connection);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the operation log: {}", e.getMessage());
        }
    }
}

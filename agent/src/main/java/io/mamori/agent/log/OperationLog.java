package io.mamori.agent.log;

import io.mamori.protocol.event.Event;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.agent.store.AgentState;
import io.mamori.agent.store.Schema;
import io.mamori.agent.store.SqliteFile;
import io.mamori.agent.store.StateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The log's own tables; the stores sharing its file add theirs (docs/agent.md, "Files"). */
    private static final Schema SCHEMA = new Schema(FORMAT, List.of(
            "CREATE TABLE record (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                    + " occurred_at INTEGER NOT NULL, kind TEXT NOT NULL, action TEXT, document TEXT NOT NULL,"
                    + " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, state INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX record_unsent ON record (seq) WHERE state = 0",
            "CREATE INDEX record_time ON record (occurred_at)",
            // A record's content never changes once written; only its delivery state does.
            "CREATE TRIGGER record_content_is_final BEFORE UPDATE OF seq, event_id, occurred_at, kind, action,"
                    + " document, prev_hash, hash ON record BEGIN SELECT RAISE(ABORT, 'operation log records cannot be changed'); END",
            "CREATE TABLE checkpoint (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, created_at INTEGER NOT NULL,"
                    + " key_id TEXT NOT NULL, signature TEXT NOT NULL)",
            "CREATE TABLE anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL,"
                    + " pruned_at INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL)"));

    /** What the file is called in messages. */
    public static final String WHAT = "operation log";

    /** How many events the outbox has given up since the log began (read by {@code mamori agent status}). */
    public static final StateKey<Long> DROPPED_TOTAL = StateKey.number("dropped_total");

    private final SqliteFile file;
    private final AgentState state;
    private final AgentKey key;
    private final Clock clock;
    private final int checkpointEvery;
    private final Duration checkpointInterval;
    private long lastSeq;
    private String lastHash;
    private long lastCheckpointSeq;
    private Instant lastCheckpointAt;

    private OperationLog(SqliteFile file, AgentKey key, Clock clock, int checkpointEvery, Duration checkpointInterval)
            throws SQLException {
        this.file = file;
        this.state = new AgentState(file);
        this.key = key;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
        loadHead();
    }

    /**
     * Opens the log for writing, creating it if needed. A file that is not a readable SQLite
     * database, or that an earlier {@link #check} found damaged, is moved aside (see
     * {@link #movedAside()}) and a new log is started: the agent must keep recording, and the
     * damaged file is kept for whoever investigates. Opening reads only the file's header and the
     * head of the chain; the check of every page runs later, off the start path.
     */
    public static OperationLog open(Path path, AgentKey key, Clock clock, int checkpointEvery, Duration checkpointInterval)
            throws IOException {
        SqliteFile file = SqliteFile.open(path, WHAT, SqliteFile.Role.RECORD, SCHEMA);
        try {
            return new OperationLog(file, key, clock, checkpointEvery, checkpointInterval);
        } catch (SQLException | RuntimeException e) {
            file.close();
            throw new IOException("cannot read the head of the operation log " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * SQLite's check of every page of the log (see {@link SqliteFile#check}); a damaged log is
     * moved aside at the next {@link #open}.
     *
     * @return what is wrong, or empty if the file is sound
     */
    public static Optional<String> check(Path path) throws IOException {
        return SqliteFile.check(path, WHAT);
    }

    private void loadHead() throws SQLException {
        lastSeq = 0;
        lastHash = ChainHash.GENESIS;
        file.run(c -> {
            readHead(c);
            return null;
        });
    }

    private void readHead(Connection connection) throws SQLException {
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
        return file.movedAside();
    }

    /** The file the log is kept in, which the stores of the agent's state, commands and exceptions share. */
    public SqliteFile file() {
        return file;
    }

    /** The agent's small state, kept in the log's file. */
    public AgentState state() {
        return state;
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
        try {
            file.run(c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO record (seq, event_id, occurred_at, kind, action,"
                        + " document, prev_hash, hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                    insert.setLong(1, seq);
                    insert.setString(2, event.eventId().toString());
                    insert.setLong(3, event.occurredAt().toEpochMilli());
                    insert.setString(4, event.kind().name());
                    insert.setString(5, event.decision() == null ? null : event.decision().action().name());
                    insert.setString(6, document);
                    insert.setString(7, lastHash);
                    insert.setString(8, hash);
                    return insert.executeUpdate();
                }
            });
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
        return file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT seq FROM record WHERE event_id = ?")) {
                select.setString(1, eventId.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    /** Signs the head of the chain, if anything was appended since the last checkpoint. */
    public synchronized void checkpoint() throws SQLException {
        if (lastSeq == lastCheckpointSeq || lastSeq == 0) {
            return;
        }
        Instant now = clock.instant();
        file.run(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO checkpoint (seq, hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, lastSeq);
                insert.setString(2, lastHash);
                insert.setLong(3, now.toEpochMilli());
                insert.setString(4, key.keyId());
                insert.setString(5, key.sign(ChainHash.checkpointMessage(lastSeq, lastHash, now.toEpochMilli())));
                return insert.executeUpdate();
            }
        });
        lastCheckpointSeq = lastSeq;
        lastCheckpointAt = now;
    }

    /** The oldest unsent records, oldest first: the next batch for the console. */
    public synchronized List<LogRecord> unsent(int limit) throws SQLException {
        return file.run(c -> {
            List<LogRecord> records = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT seq, event_id, occurred_at, kind, action, document,"
                    + " prev_hash, hash, state FROM record WHERE state = 0 ORDER BY seq LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        records.add(LogRecord.from(row));
                    }
                }
            }
            return records;
        });
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
        file.transaction(c -> {
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
        return count(UNSENT_COUNT);
    }

    static final String UNSENT_COUNT = "SELECT COUNT(*) FROM record WHERE state = 0";

    public synchronized long lastSeq() {
        return lastSeq;
    }

    private long count(String sql) throws SQLException {
        return file.run(c -> count(c, sql));
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet row = statement.executeQuery(sql)) {
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
        int dropped = file.run(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE record SET state = 2 WHERE seq IN (SELECT seq FROM record"
                    + " WHERE state = 0 AND occurred_at < ? AND (action IS NULL OR action IN ('ALLOW', 'AUDIT')) ORDER BY seq LIMIT ?)")) {
                update.setLong(1, olderThan);
                update.setLong(2, excess);
                return update.executeUpdate();
            }
        });
        if (dropped > 0) {
            state.put(DROPPED_TOTAL, droppedTotal() + dropped);
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
        return state.get(DROPPED_TOTAL).orElse(0L);
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
        long upTo = file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT MAX(seq) FROM record WHERE occurred_at < ? AND seq <"
                    + " COALESCE((SELECT MIN(seq) FROM record WHERE state = 0), 9223372036854775807)")) {
                select.setLong(1, before);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            }
        });
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
        long last = upTo;
        Optional<String> hash = file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT hash FROM record WHERE seq = ?")) {
                select.setLong(1, last);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (hash.isEmpty()) {
            return 0;
        }
        String pruneHash = hash.get();
        int pruned = file.transaction(c -> {
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
            file.run(c -> {
                try (Statement statement = c.createStatement()) {
                    return statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            });
        }
        return pruned;
    }

    private long sizeOnDisk() {
        long size = 0;
        for (String suffix : List.of("", "-wal")) {
            try {
                size += Files.size(file.path().resolveSibling(file.path().getFileName() + suffix));
            } catch (IOException e) {
                // not there: nothing to count
            }
        }
        return size;
    }

    @Override
    public synchronized void close() {
        try {
            checkpoint();
        } catch (SQLException e) {
            LOG.warn("could not write a last checkpoint: {}", e.getMessage());
        }
        file.close();
    }
}

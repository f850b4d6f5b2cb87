package io.mamori.agent.log;

import io.mamori.agent.store.AgentState;
import io.mamori.agent.store.SqliteFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An operation log opened to read only, beside the agent that writes it: what
 * {@code mamori agent status}, {@code log} and {@code verify-log} show.
 */
public final class LogReader implements AutoCloseable {

    private final SqliteFile file;
    private final AgentState state;

    private LogReader(SqliteFile file) throws SQLException {
        this.file = file;
        this.state = new AgentState(file);
    }

    /** Opens the log at {@code path}, which must exist. */
    public static LogReader open(Path path) throws IOException {
        SqliteFile file = SqliteFile.openReadOnly(path, OperationLog.WHAT);
        try {
            return new LogReader(file);
        } catch (SQLException e) {
            file.close();
            throw new IOException("cannot read the operation log " + path + ": " + e.getMessage(), e);
        }
    }

    /** The agent's small state as the agent last wrote it. */
    public AgentState state() {
        return state;
    }

    /** How many records wait for the console. */
    public long unsentCount() throws SQLException {
        return file.run(c -> OperationLog.count(c, OperationLog.UNSENT_COUNT));
    }

    /** Every record that occurred at or after {@code fromMillis}, in order. */
    public void forEachSince(long fromMillis, RecordVisitor visitor) throws SQLException {
        file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT seq, event_id, occurred_at, kind, action, document,"
                    + " prev_hash, hash, state FROM record WHERE occurred_at >= ? ORDER BY seq")) {
                select.setLong(1, fromMillis);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        visitor.visit(LogRecord.from(row));
                    }
                }
            }
            return null;
        });
    }

    /** Checks the chain, the checkpoints and the anchor against the agent's public key. */
    public LogVerifier.Result verify(PublicKey agentKey) throws SQLException {
        return file.run(c -> LogVerifier.verify(c, agentKey));
    }

    /** The file, for tests and tools that look inside. */
    public SqliteFile file() {
        return file;
    }

    /** Called with each record read. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(LogRecord record);
    }

    @Override
    public void close() {
        file.close();
    }
}

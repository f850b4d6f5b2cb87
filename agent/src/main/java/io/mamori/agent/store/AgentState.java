package io.mamori.agent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The agent's small state, one typed value per {@link StateKey}, kept in the operation log's file
 * (table {@code agent_state}, owned here): whether the console was reachable, when the employee
 * was last told about patches, the copies held for an answer, and the like. Each key is declared
 * beside the code whose state it is. A value is written in its own statement and is on disk when
 * {@link #put} returns.
 */
public final class AgentState {

    private static final String TABLE = "agent_state";
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS agent_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)");

    private final SqliteFile file;
    private final boolean present;

    /** The state in {@code file}; the table is made there if missing (not in a file opened read-only). */
    public AgentState(SqliteFile file) throws SQLException {
        this.file = file;
        file.ensureTable(SCHEMA);
        this.present = file.hasTable(TABLE);
    }

    /** The value, if one was stored (a blank text counts as none, as earlier versions cleared values that way). */
    public <T> Optional<T> get(StateKey<T> key) throws SQLException {
        if (!present) {
            return Optional.empty();
        }
        Optional<String> text = file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM agent_state WHERE name = ?")) {
                select.setString(1, key.name());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(key.read().apply(text.get()));
        } catch (IllegalArgumentException e) {
            throw new SQLDataException("the agent's state '" + key.name() + "' holds a value that cannot be read: " + e.getMessage(), e);
        }
    }

    public <T> void put(StateKey<T> key, T value) throws SQLException {
        String text = key.write().apply(value);
        file.update("INSERT INTO agent_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                key.name(), text);
    }

    /** Forgets the value. */
    public void clear(StateKey<?> key) throws SQLException {
        file.update("DELETE FROM agent_state WHERE name = ?", key.name());
    }
}

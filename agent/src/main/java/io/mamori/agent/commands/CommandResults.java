package io.mamori.agent.commands;

import io.mamori.agent.store.SqliteFile;
import io.mamori.protocol.command.Command;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The commands this agent has carried out and whether their results reached the console, kept in
 * the operation log's file (table {@code command_done}, owned here): a command the console sends
 * again is never carried out twice.
 */
public final class CommandResults {

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS command_done (command_id TEXT PRIMARY KEY, type TEXT NOT NULL, outcome TEXT NOT NULL,"
                    + " detail TEXT, completed_at INTEGER NOT NULL, reported INTEGER NOT NULL DEFAULT 0)");

    private final SqliteFile file;

    public CommandResults(SqliteFile file) throws SQLException {
        this.file = file;
        file.ensureTable(SCHEMA);
    }

    /** The outcome of a command carried out before; empty if it never was. */
    public Optional<CommandOutcome> done(UUID commandId) throws SQLException {
        return file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT outcome FROM command_done WHERE command_id = ?")) {
                select.setString(1, commandId.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(CommandOutcome.valueOf(row.getString(1))) : Optional.<CommandOutcome>empty();
                }
            }
        });
    }

    /** Notes a command as carried out, with its result, not yet reported. A command noted before keeps its first result. */
    public void remember(Command command, CommandResult result) throws SQLException {
        file.update("INSERT INTO command_done (command_id, type, outcome, detail, completed_at, reported)"
                + " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (command_id) DO NOTHING",
                command.commandId().toString(), command.type(), result.outcome().name(), result.detail(),
                result.completedAt().toEpochMilli());
    }

    /** Results the console has not acknowledged, oldest first, at most {@code limit}. */
    public List<CommandResult> unreported(int limit) throws SQLException {
        return file.run(c -> {
            List<CommandResult> results = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT command_id, outcome, detail, completed_at"
                    + " FROM command_done WHERE reported = 0 ORDER BY completed_at LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        results.add(new CommandResult(UUID.fromString(row.getString(1)), CommandOutcome.valueOf(row.getString(2)),
                                row.getString(3), Instant.ofEpochMilli(row.getLong(4))));
                    }
                }
            }
            return results;
        });
    }

    public void markReported(UUID commandId) throws SQLException {
        file.update("UPDATE command_done SET reported = 1 WHERE command_id = ?", commandId.toString());
    }
}

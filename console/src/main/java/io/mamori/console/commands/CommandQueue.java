package io.mamori.console.commands;

import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.command.Command;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Commands waiting for agents. A command is delivered with every heartbeat until the agent
 * reports its result, so one lost answer does not lose the command; the agent runs each command
 * id once. Results are idempotent too: the same result reported twice is recorded once.
 */
@Singleton
public class CommandQueue {

    /** A command as the admin API shows it. */
    public record CommandView(String id, String agentId, String type, Instant createdAt, String createdBy,
            Instant firstDeliveredAt, Instant completedAt, String outcome, String detail) {
    }

    private final Database database;
    private final Clock clock;
    /** A provider, not a list: the review queue listens and itself issues commands. */
    private final BeanProvider<CommandResultListener> listeners;

    public CommandQueue(Database database, Clock clock, BeanProvider<CommandResultListener> listeners) {
        this.database = database;
        this.clock = clock;
        this.listeners = listeners;
    }

    /** Queues a command inside the caller's transaction. */
    public void issue(Connection connection, String agentId, Command command, String createdBy) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO agent_command"
                + " (id, agent_id, type, body, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, command.commandId().toString());
            insert.setString(2, agentId);
            insert.setString(3, command.type());
            insert.setString(4, ProtocolJson.write(command));
            insert.setString(5, createdBy);
            Rows.setInstant(insert, 6, command.issuedAt());
            insert.executeUpdate();
        }
    }

    /** The oldest commands the agent has not reported on, at most as many as a heartbeat carries. */
    public List<Command> pending(String agentId) {
        List<String> undelivered = new ArrayList<>();
        List<Command> commands = database.read(connection -> {
            List<Command> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, body, first_delivered_at FROM agent_command"
                    + " WHERE agent_id = ? AND completed_at IS NULL ORDER BY created_at, id LIMIT ?")) {
                select.setString(1, agentId);
                select.setInt(2, HeartbeatResponse.MAX_COMMANDS);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(ProtocolJson.read(row.getString(2).getBytes(StandardCharsets.UTF_8), Command.class));
                        if (Rows.nullableLong(row, "first_delivered_at") == null) {
                            undelivered.add(row.getString(1));
                        }
                    }
                }
            }
            return found;
        });
        if (!undelivered.isEmpty()) {
            Instant now = clock.instant();
            database.write(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE agent_command SET first_delivered_at = ? WHERE id = ? AND first_delivered_at IS NULL")) {
                    for (String id : undelivered) {
                        Rows.setInstant(update, 1, now);
                        update.setString(2, id);
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                return null;
            });
        }
        return commands;
    }

    /** Records what the agent reports; a command of another agent is answered as not found. */
    public void complete(String agentId, UUID commandId, CommandResult result) {
        if (!result.commandId().equals(commandId)) {
            throw ApiException.badRequest("commandId", "the result is for command " + result.commandId()
                    + ", but was sent to the address of command " + commandId);
        }
        database.write(connection -> {
            String type;
            String recorded;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT type, outcome FROM agent_command WHERE id = ? AND agent_id = ?")) {
                select.setString(1, commandId.toString());
                select.setString(2, agentId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.notFound("command " + commandId);
                    }
                    type = row.getString(1);
                    recorded = row.getString(2);
                }
            }
            if (recorded != null) {
                return null;
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE agent_command SET completed_at = ?,"
                    + " outcome = ?, detail = ? WHERE id = ?")) {
                Rows.setInstant(update, 1, result.completedAt());
                update.setString(2, result.outcome().name());
                Rows.setText(update, 3, result.detail());
                update.setString(4, commandId.toString());
                update.executeUpdate();
            }
            for (CommandResultListener listener : listeners) {
                listener.onResult(connection, agentId, type, result);
            }
            return null;
        });
    }

    public List<CommandView> forAgent(String agentId, int limit) {
        return database.read(connection -> {
            List<CommandView> commands = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, agent_id, type, created_at, created_by,"
                    + " first_delivered_at, completed_at, outcome, detail FROM agent_command WHERE agent_id = ?"
                    + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                select.setString(1, agentId);
                select.setInt(2, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        commands.add(new CommandView(row.getString("id"), row.getString("agent_id"), row.getString("type"),
                                Rows.instant(row, "created_at"), row.getString("created_by"),
                                Rows.instant(row, "first_delivered_at"), Rows.instant(row, "completed_at"),
                                row.getString("outcome"), row.getString("detail")));
                    }
                }
            }
            return commands;
        });
    }
}

package io.mamori.agent.commands;

import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.OperationLog;
import io.mamori.protocol.command.Command;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.GrantException;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.RefreshPatchStatus;
import io.mamori.protocol.command.ReleaseFile;
import io.mamori.protocol.command.RevokeException;
import io.mamori.protocol.command.UnsupportedCommand;
import io.mamori.protocol.json.ProtocolJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the console's commands, each exactly once: the console resends a command with every
 * heartbeat until it has the result, so what was done is remembered (in the operation log's
 * file) before the result is reported, and a command seen again is only reported again.
 *
 * <p>Exceptions are kept in the operation log's file; releasing and purging quarantined files are
 * handed to {@link FileCommands} (a release waits, unanswered, while the device is not mounted).
 * {@code REFRESH_PATCH_STATUS} asks the patch-status collector to measure now; it is {@code DONE}
 * at once, and a heartbeat after the measurement carries the new status.
 */
public final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final OperationLog log;
    private final Clock clock;
    private final FileCommands files;
    private final Runnable refreshPatchStatus;

    /**
     * @param files              null where there is no quarantine (release and purge are then UNSUPPORTED)
     * @param refreshPatchStatus asks for a new patch-level measurement (it must not wait for it)
     */
    public CommandRunner(OperationLog log, Clock clock, FileCommands files, Runnable refreshPatchStatus) {
        this.log = log;
        this.clock = clock;
        this.files = files;
        this.refreshPatchStatus = refreshPatchStatus;
    }

    /** Carries out the commands not done before and reports every unreported result. */
    public void run(List<Command> commands, ConsoleClient console) throws SQLException {
        for (Command command : commands) {
            if (done(command.commandId()).isEmpty()) {
                Optional<CommandResult> outcome = execute(command);
                if (outcome.isEmpty()) {
                    continue; // not possible yet; the console resends it
                }
                CommandResult result = outcome.get();
                remember(command, result);
                LOG.info("command {} {}: {}{}", command.type(), command.commandId(), result.outcome(),
                        result.detail() == null ? "" : " — " + result.detail());
            }
        }
        report(console);
    }

    /** Reports results the console has not acknowledged yet. */
    public void report(ConsoleClient console) throws SQLException {
        for (CommandResult result : unreported()) {
            try {
                console.commandResult(result);
                markReported(result.commandId());
            } catch (ConsoleException e) {
                if (e.status() == 404) {
                    markReported(result.commandId()); // the console no longer knows the command: nothing to report
                } else {
                    LOG.warn("the result of command {} is not reported yet: {}", result.commandId(), e.getMessage());
                    return;
                }
            }
        }
    }

    private Optional<CommandResult> execute(Command command) throws SQLException {
        Instant now = clock.instant();
        if (files != null && command instanceof ReleaseFile release) {
            return files.release(release);
        }
        if (files != null && command instanceof PurgeFile purge) {
            return Optional.of(files.purge(purge));
        }
        if (command instanceof RefreshPatchStatus) {
            refreshPatchStatus.run();
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE,
                    "measuring the patch level; a following heartbeat carries it", now));
        }
        if (command instanceof GrantException grant) {
            log.transaction(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO exception_grant (id, document, expires_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document, expires_at = excluded.expires_at")) {
                    upsert.setString(1, grant.grant().id());
                    upsert.setString(2, ProtocolJson.write(grant.grant()));
                    upsert.setLong(3, grant.grant().expiresAt().toEpochMilli());
                    upsert.executeUpdate();
                }
                return null;
            });
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE, null, now));
        }
        if (command instanceof RevokeException revoke) {
            int removed = log.transaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM exception_grant WHERE id = ?")) {
                    delete.setString(1, revoke.exceptionId());
                    return delete.executeUpdate();
                }
            });
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE,
                    removed == 0 ? "the exception was not in force" : null, now));
        }
        String why = command instanceof ReleaseFile || command instanceof PurgeFile
                ? "this agent watches no removable media (no quarantine on this machine)"
                : command instanceof UnsupportedCommand ? "this agent does not know the command type " + command.type()
                : "this agent does not carry out " + command.type();
        return Optional.of(new CommandResult(command.commandId(), CommandOutcome.UNSUPPORTED, why, now));
    }

    private Optional<CommandOutcome> done(UUID commandId) throws SQLException {
        return log.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT outcome FROM command_done WHERE command_id = ?")) {
                select.setString(1, commandId.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(CommandOutcome.valueOf(row.getString(1))) : Optional.empty();
                }
            }
        });
    }

    private void remember(Command command, CommandResult result) throws SQLException {
        log.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO command_done (command_id, type, outcome, detail,"
                    + " completed_at, reported) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (command_id) DO NOTHING")) {
                insert.setString(1, command.commandId().toString());
                insert.setString(2, command.type());
                insert.setString(3, result.outcome().name());
                insert.setString(4, result.detail());
                insert.setLong(5, result.completedAt().toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private List<CommandResult> unreported() throws SQLException {
        return log.transaction(connection -> {
            List<CommandResult> results = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT command_id, outcome, detail, completed_at"
                    + " FROM command_done WHERE reported = 0 ORDER BY completed_at LIMIT 100")) {
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

    private void markReported(UUID commandId) throws SQLException {
        log.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE command_done SET reported = 1 WHERE command_id = ?")) {
                update.setString(1, commandId.toString());
                update.executeUpdate();
            }
            return null;
        });
    }
}

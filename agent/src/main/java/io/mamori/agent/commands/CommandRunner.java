package io.mamori.agent.commands;

import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.policy.ExceptionGrants;
import io.mamori.agent.requests.DeviceRequester;
import io.mamori.protocol.command.AnswerDeviceRequest;
import io.mamori.protocol.command.Command;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.GrantException;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.RefreshPatchStatus;
import io.mamori.protocol.command.ReleaseFile;
import io.mamori.protocol.command.RevokeException;
import io.mamori.protocol.command.UnsupportedCommand;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the console's commands, each exactly once: the console resends a command with every
 * heartbeat until it has the result, so what was done is remembered ({@link CommandResults})
 * before the result is reported, and a command seen again is only reported again.
 *
 * <p>Exceptions are kept by {@link ExceptionGrants}; releasing and purging quarantined files are
 * handed to {@link FileCommands} (a release waits, unanswered, while the device is not mounted).
 * {@code REFRESH_PATCH_STATUS} asks the patch-status collector to measure now; it is {@code DONE}
 * at once, and a heartbeat after the measurement carries the new status.
 */
public final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final CommandResults results;
    private final ExceptionGrants grants;
    private final Clock clock;
    private final FileCommands files;
    private final Runnable refreshPatchStatus;
    private final DeviceRequester requests;

    /**
     * @param files              null where there is no quarantine (release and purge are then UNSUPPORTED)
     * @param refreshPatchStatus asks for a new patch-level measurement (it must not wait for it)
     * @param requests           the employees' device requests, whose answers are told them
     */
    public CommandRunner(CommandResults results, ExceptionGrants grants, Clock clock, FileCommands files,
            Runnable refreshPatchStatus, DeviceRequester requests) {
        this.results = results;
        this.grants = grants;
        this.clock = clock;
        this.files = files;
        this.refreshPatchStatus = refreshPatchStatus;
        this.requests = requests;
    }

    /** Carries out the commands not done before and reports every unreported result. */
    public void run(List<Command> commands, ConsoleClient console) throws SQLException {
        for (Command command : commands) {
            if (results.done(command.commandId()).isEmpty()) {
                Optional<CommandResult> outcome = execute(command);
                if (outcome.isEmpty()) {
                    continue; // not possible yet; the console resends it
                }
                CommandResult result = outcome.get();
                results.remember(command, result);
                LOG.info("command {} {}: {}{}", command.type(), command.commandId(), result.outcome(),
                        result.detail() == null ? "" : " — " + result.detail());
            }
        }
        report(console);
    }

    /** Reports results the console has not acknowledged yet. */
    public void report(ConsoleClient console) throws SQLException {
        for (CommandResult result : results.unreported(100)) {
            try {
                console.commandResult(result);
                results.markReported(result.commandId());
            } catch (ConsoleException e) {
                if (e.status() == 404) {
                    results.markReported(result.commandId()); // the console no longer knows the command: nothing to report
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
        if (command instanceof AnswerDeviceRequest answer) {
            return Optional.of(requests.answered(answer));
        }
        if (command instanceof GrantException grant) {
            grants.grant(grant.grant());
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE, null, now));
        }
        if (command instanceof RevokeException revoke) {
            boolean removed = grants.revoke(revoke.exceptionId());
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE,
                    removed ? null : "the exception was not in force", now));
        }
        String why = command instanceof ReleaseFile || command instanceof PurgeFile
                ? "this agent watches no removable media (no quarantine on this machine)"
                : command instanceof UnsupportedCommand ? "this agent does not know the command type " + command.type()
                : "this agent does not carry out " + command.type();
        return Optional.of(new CommandResult(command.commandId(), CommandOutcome.UNSUPPORTED, why, now));
    }
}

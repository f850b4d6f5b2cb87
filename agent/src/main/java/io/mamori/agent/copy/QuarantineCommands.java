package io.mamori.agent.copy;

import io.mamori.agent.commands.FileCommands;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.ReleaseFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release and purge of quarantined files, on the console's command. A release writes the file back
 * to the device it was copied to, at the same place, once that device is mounted again (or into a
 * local folder when the command names one); the content is checked against the command's hash
 * before and after. A file of that name already there is never overwritten: the released copy
 * gets a new name beside it.
 */
final class QuarantineCommands implements FileCommands {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineCommands.class);

    private final Supplier<QuarantineStore> store;
    private final WriteBack writeBack;
    private final CopyEvents events;
    private final Clock clock;
    private final Set<UUID> waitingSaid = ConcurrentHashMap.newKeySet();

    QuarantineCommands(Supplier<QuarantineStore> store, WriteBack writeBack, CopyEvents events, Clock clock) {
        this.store = store;
        this.writeBack = writeBack;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Optional<CommandResult> release(ReleaseFile command) {
        try {
            Optional<QuarantinedFile> found = store.get().find(command.eventId());
            if (found.isEmpty()) {
                return failed(command.commandId(), "the file of event " + command.eventId()
                        + " is not in this agent's quarantine (already released or purged)");
            }
            QuarantinedFile file = found.get();
            if (!file.sha256().equals(command.sha256())) {
                return failed(command.commandId(), "the quarantined content (sha256 " + file.sha256()
                        + ") is not the content the command names (" + command.sha256() + "); nothing released");
            }
            Path written;
            if (command.destination() != null) {
                Path folder = Path.of(command.destination());
                if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
                    return failed(command.commandId(), "the destination " + command.destination() + " is not an existing folder");
                }
                Path target = folder.resolve(Path.of(file.origin().volumePath()).getFileName());
                written = writeBack.to(file, target);
            } else {
                Optional<Path> back = writeBack.toDevice(file);
                if (back.isEmpty()) {
                    if (waitingSaid.add(command.commandId())) {
                        LOG.info("release of {} waits until device {} is mounted again", file.origin().volumePath(),
                                file.origin().device().shortName());
                    }
                    return Optional.empty();
                }
                written = back.get();
            }
            waitingSaid.remove(command.commandId());
            events.released(file, written, "released on the console's command " + command.commandId() + " (event "
                    + command.eventId() + ")");
            LOG.info("released {} to {}", command.eventId(), written);
            return Optional.of(new CommandResult(command.commandId(), CommandOutcome.DONE, "released to " + written,
                    clock.instant()));
        } catch (IOException | RuntimeException e) {
            LOG.error("release of {} failed: {}", command.eventId(), e.getMessage());
            return failed(command.commandId(), "release failed: " + e.getMessage());
        }
    }

    @Override
    public CommandResult purge(PurgeFile command) {
        try {
            Optional<QuarantinedFile> found = store.get().find(command.eventId());
            if (found.isPresent() && !found.get().sha256().equals(command.sha256())) {
                return failed(command.commandId(), "the quarantined content (sha256 " + found.get().sha256()
                        + ") is not the content the command names; nothing purged").orElseThrow();
            }
            if (!store.get().purge(command.eventId())) {
                return new CommandResult(command.commandId(), CommandOutcome.DONE,
                        "the file was not in quarantine (already released or purged)", clock.instant());
            }
            QuarantinedFile file = found.orElseThrow();
            events.purged(file, "destroyed on the console's command " + command.commandId());
            return new CommandResult(command.commandId(), CommandOutcome.DONE, "destroyed", clock.instant());
        } catch (IOException | RuntimeException e) {
            return failed(command.commandId(), "purge failed: " + e.getMessage()).orElseThrow();
        }
    }

    private Optional<CommandResult> failed(UUID commandId, String why) {
        return Optional.of(new CommandResult(commandId, CommandOutcome.FAILED, why, clock.instant()));
    }
}

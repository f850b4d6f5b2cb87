package io.mamori.agent.copy;

import io.mamori.agent.commands.FileCommands;
import io.mamori.agent.quarantine.PersonalFolders;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.ReleaseFile;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.ReleaseFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release and purge of quarantined files, on the console's command. A release writes the file back
 * to the device it was copied to, at the same place, once that device is mounted again; or, when
 * the command names a destination, into that folder of the home of the employee who copied it —
 * one the policy in force allows ({@code releaseFolders}) — written as the employee
 * ({@link PersonalFolders}), never by the agent's own rights. The content is checked against the
 * command's hash before and after. A file of that name already there is never overwritten: the
 * released copy gets a new name beside it.
 */
final class QuarantineCommands implements FileCommands {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineCommands.class);

    private final Supplier<QuarantineStore> store;
    private final WriteBack writeBack;
    private final PersonalFolders personalFolders;
    private final CopyPolicy policy;
    private final Path scratch;
    private final CopyEvents events;
    private final Clock clock;
    private final Set<UUID> waitingSaid = ConcurrentHashMap.newKeySet();

    /** @param scratch the agent's owner-only folder, where the content waits decrypted while it is written as the employee */
    QuarantineCommands(Supplier<QuarantineStore> store, WriteBack writeBack, PersonalFolders personalFolders, CopyPolicy policy,
            Path scratch, CopyEvents events, Clock clock) {
        this.store = store;
        this.writeBack = writeBack;
        this.personalFolders = personalFolders;
        this.policy = policy;
        this.scratch = scratch;
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
                List<String> allowed = policy.current().map(Policy::releaseFoldersInForce).orElse(List.of());
                if (!ReleaseFolders.allows(allowed, command.destination())) {
                    return failed(command.commandId(), "the policy in force does not allow releases into '"
                            + command.destination() + "' (releaseFolders: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                            + "); nothing released");
                }
                written = intoPersonalFolder(file, command.destination());
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

    /** Decrypts into the agent's scratch folder, has it written as the employee, removes the copy. */
    private Path intoPersonalFolder(QuarantinedFile file, String folder) throws IOException {
        Path copy = store.get().restore(file.eventId(), scratch.resolve(file.eventId() + ".release"), false);
        try {
            String name = Path.of(file.origin().volumePath()).getFileName().toString();
            Path written = personalFolders.write(file.origin().writer(), folder, name, copy);
            store.get().purge(file.eventId()); // released: the store copy goes, as with a release to the device
            return written;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private Optional<CommandResult> failed(UUID commandId, String why) {
        return Optional.of(new CommandResult(commandId, CommandOutcome.FAILED, why, clock.instant()));
    }
}

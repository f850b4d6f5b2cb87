package io.mamori.agent.commands;

import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.ReleaseFile;
import java.util.Optional;

/** Carries out the console's commands about quarantined files. */
public interface FileCommands {

    /**
     * Writes a quarantined file back. Empty when it cannot be done yet — the device it came from is
     * not mounted — so the command stays open and is tried again when the console resends it.
     */
    Optional<CommandResult> release(ReleaseFile command);

    /** Destroys a quarantined file. */
    CommandResult purge(PurgeFile command);
}

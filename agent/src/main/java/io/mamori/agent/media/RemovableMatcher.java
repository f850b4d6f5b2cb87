package io.mamori.agent.media;

import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Path;

/**
 * Makes a device the OS does not call removable count as one, with a given identity: a loop
 * device whose backing file lies under {@code backingFilesUnder}. Tests and demos present
 * file-system images as USB sticks this way; production configurations have none.
 */
public record RemovableMatcher(Path backingFilesUnder, DeviceIdentity identity) {

    public boolean matches(Path backingFile) {
        return backingFile != null && backingFile.toAbsolutePath().normalize().startsWith(backingFilesUnder.toAbsolutePath().normalize());
    }
}

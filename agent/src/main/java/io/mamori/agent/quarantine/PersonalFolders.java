package io.mamori.agent.quarantine;

import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a released file into a folder of the home of the employee who copied it, <em>as that
 * employee</em>: with their user id, so the OS lets the write happen only where they could write
 * themselves. The agent runs as root/SYSTEM; without this a reviewer could have a file written
 * anywhere on the machine (found in an attack). One implementation per OS under
 * {@code platform/<os>}; where an OS has none, such releases are refused with the reason.
 */
public interface PersonalFolders {

    /**
     * Writes {@code content} as {@code person} into {@code folder} of their home, under
     * {@code fileName} or a new name beside it (never over an existing file).
     *
     * @param folder relative to the home, already checked ({@link io.mamori.protocol.policy.ReleaseFolders})
     * @return the file written
     * @throws IOException when the person or their home is not known, or the OS refused the write
     */
    Path write(Actor person, String folder, String fileName, Path content) throws IOException;

    /** For an OS this build cannot write as another user on. */
    PersonalFolders NONE = (person, folder, fileName, content) -> {
        throw new IOException("this agent build cannot write a file as the employee on "
                + System.getProperty("os.name") + "; release it to the device instead");
    };
}

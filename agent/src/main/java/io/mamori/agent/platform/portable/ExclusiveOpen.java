package io.mamori.agent.platform.portable;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * On Windows, whether a file's writer has closed it: the file opens with no write or delete
 * sharing only when nobody else has it open for writing (the JDK's {@code NOSHARE_*} options map to
 * {@code CreateFileW}'s share mode). Other OSes have no such lock, and the JDK refuses the options
 * there; this is used on Windows only.
 */
final class ExclusiveOpen implements WatchedFileActivity.WriterCheck {

    @Override
    public boolean closed(Path file) {
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.NOSHARE_WRITE,
                ExtendedOpenOption.NOSHARE_DELETE)) {
            return true;
        } catch (IOException e) {
            return false; // a sharing violation: still open for writing (or gone, which the next look sees)
        }
    }
}

package io.mamori.agent.media;

import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Tells the agent when a file on a watched volume has been written and closed, and by whom. One
 * implementation per OS under {@code platform/<os>}.
 */
public interface FileActivity extends AutoCloseable {

    /** A file written and closed on a watched volume; the actor as far as the OS tells. */
    record FileWritten(Path path, Volume volume, Actor actor, Instant at) {
    }

    interface Listener {
        void written(FileWritten written);
    }

    /** Starts reporting files written on the volume's mount. */
    void watch(Volume volume) throws IOException;

    /** Stops reporting the volume (it is being unmounted). */
    void unwatch(Volume volume);

    @Override
    void close();
}

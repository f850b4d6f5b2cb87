package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * An FSEvents stream per watched root, with file-level events: each batch is the paths and the
 * {@link FsEventFlags} FSEvents gave. {@link CarbonFsEvents} is the implementation on macOS.
 */
interface FsEventsNative {

    /** One event: the path as FSEvents gives it, and its flags. */
    record FsEvent(String path, int flags) {
    }

    /** A running stream; closing it stops it. */
    interface Stream extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts a stream on {@code root}; batches arrive on the stream's own thread.
     *
     * @throws IOException when the stream cannot be created or started (and always off macOS)
     */
    Stream watch(Path root, Consumer<List<FsEvent>> events) throws IOException;
}

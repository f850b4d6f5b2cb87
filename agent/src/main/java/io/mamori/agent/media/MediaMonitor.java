package io.mamori.agent.media;

import java.io.IOException;
import java.util.List;

/**
 * Tells the agent when removable volumes are mounted, unmounted or remounted, as it happens.
 * One implementation per OS under {@code platform/<os>}, chosen by {@code Platform}.
 */
public interface MediaMonitor extends AutoCloseable {

    /** What the monitor reports, on its own thread. */
    interface Listener {
        void mounted(Volume volume);

        void unmounted(Volume volume);

        /** Options changed on a mounted volume (for example, now read-only). */
        default void remounted(Volume volume) {
        }
    }

    /** Starts watching; volumes already mounted are reported as mounted first. */
    void start(Listener listener) throws IOException;

    /** The removable volumes mounted now. */
    List<Volume> mounted();

    @Override
    void close();
}

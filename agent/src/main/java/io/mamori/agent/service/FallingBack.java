package io.mamori.agent.service;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a part of the removable-media watch with the OS's own means, and with the portable
 * watcher when those fail: the failure is recorded (an event for the console) and the watch is
 * marked degraded. When neither starts, that is recorded too and nothing is returned.
 */
final class FallingBack {

    private static final Logger LOG = LoggerFactory.getLogger(FallingBack.class);

    /** Makes and starts one part. */
    interface Starter<T> {
        T start() throws IOException;
    }

    private FallingBack() {
    }

    /**
     * @param what       what the part watches, for the messages ("removable media")
     * @param nativePart the OS's own part; null to start the portable one directly
     * @param record     records a failure as an event
     * @return the part that started, or null when none did
     */
    static <T> T start(String what, Starter<T> nativePart, Starter<T> portable, WatchState watch, Consumer<String> record) {
        if (nativePart != null) {
            try {
                return nativePart.start();
            } catch (IOException | RuntimeException e) {
                String why = what + " cannot be watched with this OS's own means (" + e.getMessage()
                        + "); the portable watcher takes over: volumes are polled, the writer is unknown and devices are"
                        + " not made read-only (their files are quarantined instead)";
                LOG.error("{}", why);
                record.accept(why);
                watch.degraded(what + ": " + e.getMessage());
            }
        }
        try {
            return portable.start();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot watch {}: {}", what, e.getMessage());
            record.accept(what + " cannot be watched: " + e.getMessage());
            return null;
        }
    }
}

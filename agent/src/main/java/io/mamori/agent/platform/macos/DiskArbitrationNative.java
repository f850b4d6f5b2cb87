package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.Map;

/**
 * A DiskArbitration session as the media monitor needs it: disk appeared, description changed,
 * disappeared, and the mount-approval question, each with the disk's BSD name and description
 * (as a map, {@link DiskDescription}). {@link JnaDiskArbitration} is the implementation on macOS.
 */
interface DiskArbitrationNative extends AutoCloseable {

    /** What the session reports, on its own thread. */
    interface Events {
        void appeared(String bsdName, Map<String, Object> description);

        void changed(String bsdName, Map<String, Object> description);

        void disappeared(String bsdName, Map<String, Object> description);

        /** Null lets the mount go on; a message refuses it (returned as a dissenter). */
        String approveMount(String bsdName, Map<String, Object> description);
    }

    /**
     * Creates the session, registers the callbacks and schedules it. DiskArbitration then reports
     * the disks already there as appeared.
     *
     * @throws IOException when the session cannot be created or scheduled (and always off macOS)
     */
    void start(Events events) throws IOException;

    @Override
    void close();
}

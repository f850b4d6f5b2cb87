package io.mamori.agent.media;

import java.io.IOException;

/**
 * Device-level enforcement: what the OS must do to a volume policy does not let be written to.
 * One implementation per OS under {@code platform/<os>}. Content-level enforcement (quarantine) is
 * the same on every OS and lives in {@code io.mamori.agent.quarantine}.
 */
public interface Enforcer {

    /**
     * Lets the volume be read but no longer written: remounted read-only and, where the OS allows,
     * the device itself write-protected so that it cannot simply be remounted writable.
     */
    void readOnly(Volume volume) throws IOException;

    /**
     * Lets a volume this enforcer made read-only be written again, while it stays mounted: an
     * exception granted for the device, or a policy that no longer restricts it (issue 23). The
     * device's write protection is cleared and the volume remounted writable; a call that returns
     * has made it writable, a failure throws with the reason and leaves it read-only.
     */
    void writable(Volume volume) throws IOException;

    /** Takes the volume out of use: unmounted (and write-protected where the OS allows). */
    void deny(Volume volume) throws IOException;

    /**
     * The volume made read-only or denied is gone: undo what would outlive it on a device the OS
     * reuses for other media (on Linux, the write-protect flag of a loop device).
     */
    default void released(Volume volume) {
    }
}

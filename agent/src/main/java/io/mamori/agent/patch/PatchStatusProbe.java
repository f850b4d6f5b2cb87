package io.mamori.agent.patch;

import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;

/**
 * Measures this machine's patch level: pending updates, how many are security updates, whether a
 * restart waits, the OS build. One implementation per OS under {@code platform/<os>};
 * {@code platform/Platform} picks it. Implementations run system programs time-boxed and never
 * throw for a machine they cannot read: the status then carries the reason in {@code error}.
 * A measurement can take minutes (package managers), so it is never run on the heartbeat's thread
 * ({@link PatchStatusCollector}).
 */
public interface PatchStatusProbe {

    OsFamily osFamily();

    PatchStatus measure();
}

package io.mamori.agent.platform.windows;

import io.mamori.agent.patch.PatchStatusProbe;
import java.time.Clock;

/** The Windows implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class WindowsPlatform {

    private WindowsPlatform() {
    }

    /** The patch level from the Windows Update Agent. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new WindowsPatchStatusProbe(clock);
    }
}

package io.mamori.agent.platform.macos;

import io.mamori.agent.patch.PatchStatusProbe;
import java.time.Clock;

/** The macOS implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class MacPlatform {

    private MacPlatform() {
    }

    /** The patch level from {@code sw_vers} and {@code softwareupdate --list}. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new MacPatchStatusProbe(clock);
    }
}

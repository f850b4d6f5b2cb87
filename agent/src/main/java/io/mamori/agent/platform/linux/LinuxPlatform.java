package io.mamori.agent.platform.linux;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import java.nio.file.Path;
import java.util.List;

/** The Linux implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class LinuxPlatform {

    private LinuxPlatform() {
    }

    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers) {
        return new LinuxMediaMonitor(Path.of("/proc/self/mountinfo"), SysfsBlockDevices.system(), matchers);
    }
}

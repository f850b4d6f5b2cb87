package io.mamori.agent.platform;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.platform.linux.LinuxPlatform;
import java.util.List;
import java.util.Locale;

/** The one place that chooses the operating system's implementations (OSHI's SystemInfo pattern). */
public final class Platform {

    private Platform() {
    }

    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return LinuxPlatform.mediaMonitor(matchers);
        }
        throw new UnsupportedOperationException("this build watches removable media on Linux only (running on " + os + ")");
    }
}

package io.mamori.agent.platform;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.platform.linux.LinuxPlatform;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The one place that chooses the operating system's implementations (OSHI's SystemInfo pattern). */
public final class Platform {

    private Platform() {
    }

    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers) {
        if (linux()) {
            return LinuxPlatform.mediaMonitor(matchers);
        }
        throw unsupported();
    }

    /** Files written on watched volumes, reported to {@code listener}. */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock) throws IOException {
        if (linux()) {
            return LinuxPlatform.fileActivity(listener, clock);
        }
        throw unsupported();
    }

    /** Device-level enforcement (read-only, deny). */
    public static Enforcer enforcer() {
        if (linux()) {
            return LinuxPlatform.enforcer();
        }
        throw unsupported();
    }

    /** True where this build can watch removable media. */
    public static boolean supportsMedia() {
        return linux();
    }

    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("this build watches removable media on Linux only (running on "
                + System.getProperty("os.name") + ")");
    }
}

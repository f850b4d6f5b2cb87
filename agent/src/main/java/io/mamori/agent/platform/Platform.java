package io.mamori.agent.platform;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.agent.platform.linux.LinuxPlatform;
import io.mamori.protocol.policy.LocalizedText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

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

    /**
     * Tells and asks the people at this machine on their desktops; where this build has no desktop
     * notifier for the OS, notices are logged and held copies stay blocked (NO_SESSION).
     *
     * @param texts     the policy's texts, by message key
     * @param socketDir where the question windows' sockets are made
     */
    public static Notifier notifier(Supplier<Map<String, LocalizedText>> texts, Path socketDir, Clock clock) {
        if (linux()) {
            return LinuxPlatform.notifier(texts, socketDir, clock);
        }
        return new LoggingNotifier(texts);
    }

    /**
     * Measures the patch level; where this build has no probe for the OS, every measurement says
     * so in its {@code error} (the console shows the patch level as unknown).
     */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        if (linux()) {
            return LinuxPlatform.patchStatusProbe(clock);
        }
        String os = System.getProperty("os.name");
        OsFamily family = os.toLowerCase(Locale.ROOT).startsWith("windows") ? OsFamily.WINDOWS : OsFamily.MACOS;
        return new PatchStatusProbe() {
            @Override
            public OsFamily osFamily() {
                return family;
            }

            @Override
            public PatchStatus measure() {
                return new PatchStatus(clock.instant(), family, null, 0, 0, null, false, null, null, null, null,
                        "this agent build measures the patch level on Linux only (running on " + os + ")");
            }
        };
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

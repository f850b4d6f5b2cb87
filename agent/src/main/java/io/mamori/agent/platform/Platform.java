package io.mamori.agent.platform;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.patch.PatchStatusBuilder;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.agent.platform.macos.MacPlatform;
import io.mamori.agent.platform.windows.WindowsPlatform;
import io.mamori.agent.platform.linux.LinuxPlatform;
import io.mamori.agent.platform.macos.MacPlatform;
import io.mamori.agent.platform.portable.PortablePlatform;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.policy.LocalizedText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The one place that chooses the operating system's implementations (OSHI's SystemInfo pattern). */
public final class Platform {

    private Platform() {
    }

    /**
     * The OS's own mount monitor; where this build has none, the portable one.
     *
     * @param matchers     loop-mounted images presented as USB sticks (tests, the demo)
     * @param pollInterval how often the portable monitor lists the mounted volumes
     * @param degraded     told, in one line, when the OS's own monitor hands over to the portable one while running
     * @param letGo        a watched volume the OS is about to remove: its file watch is to be let go first (Windows)
     * @param refuseMount  asked before a mount where the OS asks first (macOS): true refuses it
     */
    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers, Duration pollInterval, Consumer<String> degraded,
            Consumer<Volume> letGo, Predicate<DeviceIdentity> refuseMount) {
        if (linux()) {
            return LinuxPlatform.mediaMonitor(matchers);
        }
        if (windows()) {
            return WindowsPlatform.mediaMonitor(portableMediaMonitor(matchers, pollInterval), degraded, letGo);
        }
        if (mac()) {
            return MacPlatform.mediaMonitor(portableMediaMonitor(matchers, pollInterval), degraded, refuseMount);
        }
        return portableMediaMonitor(matchers, pollInterval);
    }

    /**
     * The portable mount monitor (JDK and OSHI only): the mounted file systems listed every
     * {@code pollInterval}, the removable ones told apart by what this OS knows of them.
     */
    public static MediaMonitor portableMediaMonitor(List<RemovableMatcher> matchers, Duration pollInterval) {
        StoreIdentities identities = linux() ? LinuxPlatform.storeIdentities(matchers)
                : mac() ? MacPlatform.storeIdentities() : PortablePlatform.removableDrives();
        return PortablePlatform.mediaMonitor(matchers, identities, pollInterval);
    }

    /**
     * Files written on watched volumes, reported to {@code listener}: the OS's own watcher, else the
     * portable one; {@code degraded} is told when the OS's own watcher hands over to it while running.
     */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock, Consumer<String> degraded)
            throws IOException {
        if (linux()) {
            return LinuxPlatform.fileActivity(listener, clock);
        }
        if (windows()) {
            // the portable watcher, with the writer named from the "Audit Removable Storage" events where they are on
            return WindowsPlatform.fileActivity(listener, clock, audited -> portableFileActivity(audited, clock));
        }
        if (mac()) {
            // FSEvents; the portable watcher where FSEvents cannot start
            return MacPlatform.fileActivity(listener, clock, portable -> portableFileActivity(portable, clock), degraded);
        }
        return portableFileActivity(listener, clock);
    }

    /** Files written on watched volumes, through the JDK's watch service, on any OS. */
    public static FileActivity portableFileActivity(FileActivity.Listener listener, Clock clock) throws IOException {
        return PortablePlatform.fileActivity(listener, clock);
    }

    /** Writes a released file into a folder of the employee's home, as the employee. */
    public static io.mamori.agent.quarantine.PersonalFolders personalFolders() {
        return linux() ? LinuxPlatform.personalFolders() : io.mamori.agent.quarantine.PersonalFolders.NONE;
    }

    /**
     * Device-level enforcement (read-only, deny) with the OS's own means; where this build has none,
     * the portable enforcer, which refuses both so that the guard quarantines each file instead.
     */
    public static Enforcer enforcer() {
        if (linux()) {
            return LinuxPlatform.enforcer();
        }
        if (windows()) {
            return WindowsPlatform.enforcer();
        }
        if (mac()) {
            return MacPlatform.enforcer();
        }
        return portableEnforcer();
    }

    /** Enforcement with no OS mechanism: the guard quarantines each file written to a device it could not stop. */
    public static Enforcer portableEnforcer() {
        return PortablePlatform.enforcer();
    }

    /** Whether this build has adapters of its own for this OS's removable media (otherwise the portable watcher runs). */
    public static boolean nativeMedia() {
        return linux() || windows() || mac();
    }

    /** Where a root agent makes the question windows' sockets: {@code /run/mamori/desktop}, or macOS' {@code /var/run}. */
    public static Path desktopSocketDir() {
        return mac() ? MacPlatform.SOCKET_DIR : Path.of("/run/mamori/desktop");
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
        if (windows()) {
            return WindowsPlatform.notifier(texts, clock);
        }
        if (mac()) {
            return MacPlatform.notifier(texts, socketDir, clock);
        }
        return new LoggingNotifier(texts);
    }

    /** Measures the patch level: apt or dnf on Linux, the Windows Update Agent, softwareupdate on macOS. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        if (linux()) {
            return LinuxPlatform.patchStatusProbe(clock);
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WindowsPlatform.patchStatusProbe(clock);
        }
        if (os.startsWith("mac")) {
            return MacPlatform.patchStatusProbe(clock);
        }
        return new Unmeasured(clock, System.getProperty("os.name"));
    }

    /**
     * An OS this build has no probe for: every measurement says so as its error, so the console
     * shows the patch level as unknown and the agent still runs (enrollment counts such systems as
     * Linux, and so does this).
     */
    private record Unmeasured(Clock clock, String os) implements PatchStatusProbe {

        @Override
        public OsFamily osFamily() {
            return OsFamily.LINUX;
        }

        @Override
        public PatchStatus measure() {
            return new PatchStatusBuilder(clock.instant(), OsFamily.LINUX, null)
                    .failed("this agent build has no patch-status probe for " + os).build();
        }
    }

    /**
     * The operating system this agent runs on, as enrollment reports it; systems this build has no
     * adapters for count as Linux (as they do for the patch status).
     */
    public static OsFamily osFamily() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? OsFamily.WINDOWS : os.startsWith("mac") ? OsFamily.MACOS : OsFamily.LINUX;
    }

    /** The OS's name and version, as the console shows them ("Linux 6.1.0-18-amd64"). */
    public static String osDescription() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /**
     * True where this build can watch removable media: Linux, Windows and macOS with their own
     * adapters, and the portable watcher to fall back to.
     */
    public static boolean supportsMedia() {
        return linux() || windows() || mac();
    }

    private static boolean windows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static boolean mac() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac");
    }

    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }
}

package io.mamori.agent.platform.macos;

import com.sun.security.auth.module.UnixSystem;
import io.mamori.agent.desktop.SessionHelper;
import io.mamori.agent.desktop.TrayScreen;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.policy.LocalizedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The macOS implementations, for {@code Platform}; the classes themselves stay package-private.
 * Only their plain-Java logic has run (on Linux, against recorded values); the JNA classes under
 * them are compiled, not yet run on a Mac (docs/macos-adapters.md).
 */
public final class MacPlatform {

    /** How long a file must hold still before it is reported written (the portable watcher's window). */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /** Refuses no device at mount: the default until the policy is plugged in. */
    public static final Predicate<DeviceIdentity> REFUSE_NOTHING = identity -> false;

    private MacPlatform() {
    }

    /** Makes a FileActivity that reports to the given listener (the portable watcher's constructor, say). */
    @FunctionalInterface
    public interface FileActivityFactory {
        FileActivity start(FileActivity.Listener listener) throws IOException;
    }

    /** The patch level from {@code sw_vers} and {@code softwareupdate --list}. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new MacPatchStatusProbe(clock);
    }

    /**
     * Removable volumes from DiskArbitration's callbacks, with a mount-approval callback that
     * refuses the devices {@code refuse} accepts (and any whose check fails).
     *
     * @param fallback the monitor to use where a DiskArbitration session cannot be had (the portable one)
     * @param degraded told, in one line, when and why {@code fallback} is in use
     * @param refuse   which devices to refuse at mount; {@link #REFUSE_NOTHING} refuses none
     */
    public static MediaMonitor mediaMonitor(MediaMonitor fallback, Consumer<String> degraded, Predicate<DeviceIdentity> refuse) {
        return new MacMediaMonitor(new JnaDiskArbitration(), identities(), MacPlatform::mountedReadOnly, fallback, degraded, refuse);
    }

    /**
     * Files written on watched volumes, from FSEvents (file-level events), each reported once it
     * holds still, with an unknown writer. A volume FSEvents cannot watch is handed to
     * {@code portable}, and {@code degraded} says so.
     */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock, FileActivityFactory portable,
            Consumer<String> degraded) {
        return new MacFileActivity(new CarbonFsEvents(), listener, clock, SETTLE, portable, degraded);
    }

    /** Read-only by unmounting and mounting again with {@code rdonly}; deny by unmounting and ejecting; diskutil where DiskArbitration fails. */
    public static Enforcer enforcer() {
        return new MacEnforcer(new DiskArbitrationControl(), new DiskutilControl(new DiskutilCommands()));
    }

    /** For the portable watcher on macOS: stores under /Volumes that diskutil calls removable, identified through IOKit and diskutil. */
    public static StoreIdentities storeIdentities() {
        return new MacStoreIdentities(identities());
    }

    private static MacDeviceIdentities identities() {
        return new MacDeviceIdentities(new JnaIoKit(), new DiskutilCommands());
    }

    /** The mount's MNT_RDONLY, as the JDK's file store reads it (statfs). */
    private static boolean mountedReadOnly(Path mountPoint) {
        try {
            return Files.getFileStore(mountPoint).isReadOnly();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- daemon and session helper (docs/macos-service.md)

    /**
     * Where the daemon makes each GUI user's socket and the helper looks for its own: under
     * {@code /var/run} (emptied at every start of macOS), not {@code /run}, which macOS does not have.
     */
    public static final Path SOCKET_DIR = Path.of("/var/run/mamori/desktop");

    /**
     * Tells and asks the people at this Mac through their session helpers: a socket per GUI user
     * in {@code socketDir} (made mode 0711 if missing), kept in step with the GUI sessions every
     * few seconds; one per process (a later call gives the same one until it is closed); close it
     * when the agent stops. Not run on a Mac: see docs/macos-service.md.
     *
     * @param texts     the policy's texts, by message key
     * @param socketDir {@link #SOCKET_DIR} unless configured; the helpers must be given the same
     */
    public static synchronized MacDesktop notifier(Supplier<Map<String, LocalizedText>> texts, Path socketDir, Clock clock) {
        // one per process: a second one would take the first one's sockets from under it
        if (desktop == null || desktop.isClosed()) {
            desktop = new MacDesktop(new ConsoleSessions(), socketDir, texts, clock, MacDesktop.HELLO_LIMIT,
                    new UnixSystem().getUid());
            desktop.start(MacDesktop.LOOK_EVERY);
        }
        return desktop;
    }

    /** The notifier of this process, once {@link #notifier} made it. */
    private static MacDesktop desktop;

    /**
     * The session helper of the user this process runs as: connects to their socket in
     * {@code socketDir}, shows what the daemon sends (notification, question window), reconnects
     * with back-off (1 s doubling to 30 s); returns 0 only when interrupted.
     *
     * @param locale the person's language, said in the hello
     */
    public static int runSessionHelper(Locale locale, Path socketDir) {
        long uid = new UnixSystem().getUid();
        SessionHelper helper = new SessionHelper(() -> HelperSocket.connect(socketDir, uid), new TrayScreen(),
                ProcessHandle.current().pid(), locale, duration -> Thread.sleep(duration.toMillis()));
        try {
            helper.run(Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@link #runSessionHelper(Locale, Path)} with the default folder, {@link #SOCKET_DIR}. */
    public static int runSessionHelper(Locale locale) {
        return runSessionHelper(locale, SOCKET_DIR);
    }
}

package io.mamori.agent.platform.macos;

import com.sun.security.auth.module.UnixSystem;
import io.mamori.agent.desktop.SessionHelper;
import io.mamori.agent.desktop.TrayScreen;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.protocol.policy.LocalizedText;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The macOS implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class MacPlatform {

    private MacPlatform() {
    }

    /** The patch level from {@code sw_vers} and {@code softwareupdate --list}. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new MacPatchStatusProbe(clock);
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

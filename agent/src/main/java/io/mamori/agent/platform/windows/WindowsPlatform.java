package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.PollingInput;
import io.mamori.agent.desktop.SessionHelper;
import io.mamori.agent.desktop.TrayScreen;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.protocol.policy.LocalizedText;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The Windows implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class WindowsPlatform {

    private WindowsPlatform() {
    }

    /** The patch level from the Windows Update Agent. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new WindowsPatchStatusProbe(clock);
    }

    // ---------------------------------------------------------------- service and session helper (docs/windows-service.md)

    /** The service's name, as {@code sc.exe create} installs it. */
    public static final String SERVICE_NAME = "MamoriAgent";
    /** How often a pending start or stop reports a check point: well under both wait hints. */
    private static final Duration CHECK_POINT_EVERY = Duration.ofSeconds(2);

    /**
     * The agent as a Windows service: call {@link WindowsServiceHost#run()} on the main thread, at
     * once; plug the session helpers ({@link WindowsServiceHost#onSessionChange}) and the device
     * monitor ({@link WindowsServiceHost#onDeviceEvent}) in before.
     */
    public static WindowsServiceHost service(WindowsServiceHost.ServiceBody body) {
        return new WindowsServiceHost(new JnaServiceControl(), SERVICE_NAME, body, CHECK_POINT_EVERY,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * Tells and asks the people at this machine through their session helpers. Call
     * {@link WindowsDesktop#start()}, forward the service's session changes to
     * {@link WindowsDesktop#sessionChanged}, and close it when the agent stops.
     *
     * @param texts the policy's texts, by message key
     */
    public static WindowsDesktop notifier(Supplier<Map<String, LocalizedText>> texts, Clock clock) {
        return new WindowsDesktop(new WindowsSessions(new JnaSessions()), new JnaPipes(),
                new FolderAnnouncer(SessionHelper.defaultFolder()), texts, clock, WindowsDesktop.HELLO_LIMIT);
    }

    /** Makes Windows start the session helper at each log-on with this JVM's runtime and class path (the service calls it). */
    public static void ensureHelperAutostart() {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(entry);
            }
        }
        try {
            new HelperAutostart(new JnaRunKey()).ensure(HelperAutostart.commandLine(System.getProperty("java.home"), classPath));
        } catch (RuntimeException e) {
            // the agent runs without it: people logging on are not told, and the log says so
            org.slf4j.LoggerFactory.getLogger(WindowsPlatform.class).warn("the session helper's Run value was not written: {}",
                    e.getMessage());
        }
    }

    /**
     * The session helper of the session this process runs in: connects to its pipe, shows what the
     * service sends, reconnects with back-off; returns only when interrupted (exit code 0), or 2 when
     * its session cannot be known.
     *
     * @param locale the person's language, said in the hello
     */
    public static int runSessionHelper(Locale locale) {
        int session;
        try {
            session = JnaPipes.currentSession();
        } catch (IOException e) {
            System.err.println("mamori session helper: " + e.getMessage());
            return 2;
        }
        SessionHelper helper = new SessionHelper(SessionHelper.announcement(SessionHelper.defaultFolder(), session),
                WindowsPlatform::openPipe, new TrayScreen(), ProcessHandle.current().pid(), locale, duration -> Thread.sleep(duration.toMillis()));
        try {
            helper.run(Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A pipe opens as a file; reads wait for bytes with PeekNamedPipe (available()) so writes are not held up. */
    private static SessionHelper.Connection openPipe(String name) throws IOException {
        RandomAccessFile file = new RandomAccessFile(name, "rw");
        FileDescriptor descriptor = file.getFD();
        return new SessionHelper.Connection(new PollingInput(new FileInputStream(descriptor), Duration.ofMillis(50)),
                new FileOutputStream(descriptor), file);
    }
}

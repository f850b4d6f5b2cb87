package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import io.mamori.agent.desktop.PollingInput;
import io.mamori.agent.desktop.SessionHelper;
import io.mamori.agent.desktop.TrayScreen;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.protocol.policy.LocalizedText;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Windows implementations, for {@code Platform}; the classes themselves stay package-private.
 * Only their plain-Java logic has run (on Linux, against recorded values); the JNA classes under
 * them are compiled, not yet run on Windows (docs/windows-adapters.md).
 */
public final class WindowsPlatform {

    /** How often, and how far apart, the monitor looks for the drive letter of a new volume. */
    private static final int LETTER_ATTEMPTS = 5;
    private static final Duration LETTER_DELAY = Duration.ofSeconds(1);
    /** Audit events: how far before a write they count, how long to wait for a late one, how many to hold. */
    private static final Duration AUDIT_WINDOW = Duration.ofSeconds(30);
    private static final Duration AUDIT_GRACE = Duration.ofMillis(750);
    private static final int AUDIT_CAPACITY = 4096;

    private WindowsPlatform() {
    }

    /** Makes a FileActivity that reports to the given listener (the portable watcher's constructor, say). */
    @FunctionalInterface
    public interface FileActivityFactory {
        FileActivity start(FileActivity.Listener listener) throws IOException;
    }

    /** The patch level from the Windows Update Agent. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new WindowsPatchStatusProbe(clock);
    }

    /**
     * Removable volumes from the service's device events. The service's HandlerEx passes each
     * {@code SERVICE_CONTROL_DEVICEEVENT} to {@link DeviceEventMonitor#deviceEvent}.
     *
     * @param serviceStatus what RegisterServiceCtrlHandlerEx returned; null outside a service,
     *                      which makes the monitor use {@code fallback} at start
     * @param fallback      the monitor to use where Windows refuses device notifications (a polling one)
     * @param degraded      told, in one line, when and why {@code fallback} is in use
     * @param letGo         called with a watched volume Windows is about to remove, before it does:
     *                      cancel its file watch there (its handle would make the removal fail)
     */
    public static DeviceEventMonitor mediaMonitor(WinNT.HANDLE serviceStatus, MediaMonitor fallback, Consumer<String> degraded,
            Consumer<Volume> letGo) {
        RemovableVolumes volumes = new RemovableVolumes(new JnaVolumes(), new JnaDeviceTree(), Path::of);
        return new WindowsMediaMonitor(volumes, new JnaDeviceNotifications(serviceStatus), Worker.thread("mamori-media-monitor"),
                fallback, degraded, letGo, Native.POINTER_SIZE, LETTER_ATTEMPTS, LETTER_DELAY);
    }

    /**
     * Files written on watched volumes as {@code portable} reports them, with the writer named from
     * the Security events 4663 of "Audit Removable Storage" — or recorded as unknown with the reason
     * ("audit policy off", "no audit event"). Where the event subscription cannot be made, writes
     * are still reported, and their writers are unknown.
     */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock, FileActivityFactory portable)
            throws IOException {
        JnaAudit audit = new JnaAudit();
        AuditedFileActivity audited = new AuditedFileActivity(listener, audit, Path::of, clock, AUDIT_WINDOW, AUDIT_GRACE,
                AUDIT_CAPACITY);
        audited.wrap(portable.start(audited::written));
        try {
            audit.subscribe(audited::auditEvent);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: wevtapi.dll or one of its functions missing; the files are still watched
            org.slf4j.LoggerFactory.getLogger(WindowsPlatform.class).warn(
                    "cannot subscribe to Security event 4663 ({}); writers of files on removable volumes will be unknown",
                    e.toString());
        }
        return audited;
    }

    /** Device-level enforcement: per-disk read-only, lock and dismount, eject or offline. */
    public static Enforcer enforcer() {
        return new WindowsEnforcer(new JnaDiskControl());
    }

    /**
     * The bytes of a device event's {@code lpEventData}, {@code dbch_size} of them (at most
     * {@link DeviceBroadcast#MAX_BYTES}), for {@link DeviceEventMonitor#deviceEvent}; empty for a null pointer.
     */
    public static ByteBuffer eventData(Pointer lpEventData) {
        if (lpEventData == null) {
            return ByteBuffer.allocate(0);
        }
        int size = lpEventData.getInt(0);
        int length = size < DeviceBroadcast.HEADER_BYTES || size > DeviceBroadcast.MAX_BYTES ? DeviceBroadcast.HEADER_BYTES : size;
        return ByteBuffer.wrap(lpEventData.getByteArray(0, length));
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
        JnaServiceControl control = new JnaServiceControl();
        WindowsServiceHost host = new WindowsServiceHost(control, SERVICE_NAME, body, CHECK_POINT_EVERY,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        runningControl = control;
        runningHost = host;
        return host;
    }

    /** The service this process runs as, once {@link #service} made it; null in a process started otherwise. */
    private static volatile WindowsServiceHost runningHost;
    private static volatile JnaServiceControl runningControl;
    /** The one notifier of this process, so the agent's notices and the service's session changes meet the same pipes. */
    private static WindowsDesktop desktop;

    /**
     * Removable volumes for the agent: in the service, from its device events (the host forwards
     * them to the monitor); in a process that is not the service, and wherever Windows refuses the
     * notifications, from {@code fallback}, said through {@code degraded}.
     */
    public static MediaMonitor mediaMonitor(MediaMonitor fallback, Consumer<String> degraded, Consumer<Volume> letGo) {
        JnaServiceControl control = runningControl;
        WinNT.HANDLE handle = control == null ? null : control.statusHandle();
        DeviceEventMonitor monitor = mediaMonitor(handle, fallback, degraded, letGo);
        WindowsServiceHost host = runningHost;
        if (host != null) {
            host.onDeviceEvent(monitor::deviceEvent);
        }
        return monitor;
    }

    /**
     * Tells and asks the people at this machine through their session helpers: made and started
     * once per process (its pipes open for every interactive session); forward the service's
     * session changes to {@link WindowsDesktop#sessionChanged}, and close it when the agent stops.
     *
     * @param texts the policy's texts, by message key
     */
    public static synchronized WindowsDesktop notifier(Supplier<Map<String, LocalizedText>> texts, Clock clock) {
        if (desktop == null) {
            desktop = new WindowsDesktop(new WindowsSessions(new JnaSessions()), new JnaPipes(),
                    new FolderAnnouncer(SessionHelper.defaultFolder()), texts, clock, WindowsDesktop.HELLO_LIMIT);
            desktop.start();
        }
        return desktop;
    }

    /** Makes Windows start the session helper at each log-on with this JVM's runtime and the agent's jar (the service calls it). */
    public static void ensureHelperAutostart() {
        List<String> classPath;
        try {
            classPath = HelperAutostart.classPath(Path.of(WindowsPlatform.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WindowsPlatform.class).warn("the session helper's Run value was not written: the"
                    + " agent's jar cannot be found ({})", e.getMessage());
            return;
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

package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.agent.patch.PatchStatusProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

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
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WindowsPlatform.class).warn(
                    "cannot subscribe to Security event 4663 ({}); writers of files on removable volumes will be unknown",
                    e.getMessage());
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
}

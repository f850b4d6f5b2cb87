package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's control handler (HandlerEx) as plain Java: what each control does and what it
 * answers, per https://learn.microsoft.com/en-us/windows/win32/api/winsvc/nc-winsvc-lphandler_function_ex.
 * It returns at once: stopping, session changes and device events are handed to other threads
 * ("Receiving Events in a Service": no I/O on the handler thread,
 * https://learn.microsoft.com/en-us/windows/win32/services/receiving-events-in-a-service). The
 * event data of a device event lives only while the handler runs, so its bytes are copied first.
 */
final class ServiceControls {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceControls.class);

    // control codes, winsvc.h (lphandler_function_ex page)
    static final int SERVICE_CONTROL_STOP = 0x00000001;
    static final int SERVICE_CONTROL_INTERROGATE = 0x00000004;
    static final int SERVICE_CONTROL_SHUTDOWN = 0x00000005;
    static final int SERVICE_CONTROL_DEVICEEVENT = 0x0000000B;
    static final int SERVICE_CONTROL_SESSIONCHANGE = 0x0000000E;
    // winerror.h
    static final int NO_ERROR = 0;
    static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    /** A device event's data is a DEV_BROADCAST_HDR whose first DWORD is its size; larger ones are not copied. */
    static final int MAX_DEVICE_EVENT_BYTES = 64 * 1024;

    private final Runnable stop;
    private final Consumer<SessionChange> sessions;
    private final BiConsumer<Integer, ByteBuffer> devices;
    private final Executor events;

    /**
     * @param stop     closes the agent as SIGTERM does (called once per STOP or SHUTDOWN; it must return at once)
     * @param sessions told of logons, logoffs, connects…
     * @param devices  the device monitor's hook: the event type ({@code DBT_DEVICEARRIVAL} …) and a copy of the event's bytes
     * @param events   the thread session changes and device events are handed to
     */
    ServiceControls(Runnable stop, Consumer<SessionChange> sessions, BiConsumer<Integer, ByteBuffer> devices, Executor events) {
        this.stop = stop;
        this.sessions = sessions;
        this.devices = devices;
        this.events = events;
    }

    /** HandlerEx: its answer to the service control manager. */
    int handle(int control, int eventType, long eventData, NativeMemory memory) {
        switch (control) {
            case SERVICE_CONTROL_STOP, SERVICE_CONTROL_SHUTDOWN -> {
                LOG.info("the service control manager asks the agent to stop ({})",
                        control == SERVICE_CONTROL_STOP ? "stop" : "system shutdown");
                stop.run();
                return NO_ERROR;
            }
            case SERVICE_CONTROL_INTERROGATE -> {
                return NO_ERROR; // "even if not implemented", the page says: the last status is reported again
            }
            case SERVICE_CONTROL_SESSIONCHANGE -> {
                // lpEventData: WTSSESSION_NOTIFICATION { DWORD cbSize; DWORD dwSessionId; }
                // https://learn.microsoft.com/en-us/windows/win32/api/winuser/ns-winuser-wtssession_notification
                if (eventData == 0) {
                    LOG.warn("a session change ({}) without its session", eventType);
                    return NO_ERROR;
                }
                SessionChange change = new SessionChange(eventType, memory.readInt(eventData + 4));
                events.execute(() -> deliver(() -> sessions.accept(change), "session change"));
                return NO_ERROR;
            }
            case SERVICE_CONTROL_DEVICEEVENT -> {
                ByteBuffer copy = copyDeviceEvent(eventData, memory);
                events.execute(() -> deliver(() -> devices.accept(eventType, copy), "device event"));
                return NO_ERROR; // also grants a DBT_DEVICEQUERYREMOVE: the monitor closes its handles itself
            }
            default -> {
                return ERROR_CALL_NOT_IMPLEMENTED;
            }
        }
    }

    /**
     * The event's DEV_BROADCAST_HDR and what follows it ({@code dbch_size} bytes), read-only, or an
     * empty buffer when there is none or its size is not believable.
     * https://learn.microsoft.com/en-us/windows/win32/api/dbt/ns-dbt-dev_broadcast_hdr
     */
    static ByteBuffer copyDeviceEvent(long eventData, NativeMemory memory) {
        if (eventData == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        int size = memory.readInt(eventData);
        if (size < 12 || size > MAX_DEVICE_EVENT_BYTES) { // the header alone is 3 DWORDs
            LOG.warn("a device event of {} bytes was not copied", size);
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        return NativeMemory.little(memory.readBytes(eventData, size)).asReadOnlyBuffer()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private static void deliver(Runnable delivery, String what) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.warn("handling a {} failed: {}", what, e.toString());
        }
    }
}

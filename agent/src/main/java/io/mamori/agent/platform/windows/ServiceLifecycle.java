package io.mamori.agent.platform.windows;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides every status the agent's Windows service reports, so that the rules of the service
 * control manager hold by construction: {@code START_PENDING} with a growing check point and a wait
 * hint longer than the interval between reports while the agent starts; {@code RUNNING} with the
 * controls it handles; {@code STOP_PENDING} the same way while it closes; {@code STOPPED}, with a
 * service-specific exit code when the start failed. No controls are accepted while an operation is
 * pending, and the check point is zero outside one, as the {@code SERVICE_STATUS} page asks
 * (https://learn.microsoft.com/en-us/windows/win32/api/winsvc/ns-winsvc-service_status).
 * Values are those of winsvc.h / winerror.h as the same pages give them.
 */
final class ServiceLifecycle {

    // SERVICE_STATUS.dwServiceType / dwCurrentState (ns-winsvc-service_status)
    static final int SERVICE_WIN32_OWN_PROCESS = 0x00000010;
    static final int SERVICE_STOPPED = 0x00000001;
    static final int SERVICE_START_PENDING = 0x00000002;
    static final int SERVICE_STOP_PENDING = 0x00000003;
    static final int SERVICE_RUNNING = 0x00000004;
    // dwControlsAccepted (ns-winsvc-service_status)
    static final int SERVICE_ACCEPT_STOP = 0x00000001;
    static final int SERVICE_ACCEPT_SHUTDOWN = 0x00000004;
    static final int SERVICE_ACCEPT_SESSIONCHANGE = 0x00000080;
    /**
     * What RUNNING accepts. Device events need no accept bit: they come to a service that
     * registered its status handle with RegisterDeviceNotification (DEVICE_NOTIFY_SERVICE_HANDLE),
     * https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-registerdevicenotificationw
     */
    static final int ACCEPTED_WHEN_RUNNING = SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_SESSIONCHANGE;
    // winerror.h (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299-)
    static final int NO_ERROR = 0;
    static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    /** How long the agent takes to open its log and start its loops, at most, between two check points. */
    static final Duration START_WAIT_HINT = Duration.ofSeconds(10);
    /**
     * Between two check points while stopping. SERVICE_CONTROL_SHUTDOWN leaves about 20 s in all
     * (https://learn.microsoft.com/en-us/windows/win32/api/winsvc/nc-winsvc-lphandler_function_ex);
     * the agent's stop joins its loops and tries to deliver for 3 s, so it fits when nothing hangs.
     */
    static final Duration STOP_WAIT_HINT = Duration.ofSeconds(15);

    private int state = SERVICE_STOPPED;
    private int checkPoint;
    private boolean started;

    /** The first report, as soon as the handler is registered; then again for each check point. */
    synchronized ServiceStatus starting() {
        if (state != SERVICE_STOPPED && state != SERVICE_START_PENDING || started && state == SERVICE_STOPPED) {
            throw new IllegalStateException("the service cannot start from state " + state);
        }
        started = true;
        return pending(SERVICE_START_PENDING, START_WAIT_HINT);
    }

    synchronized ServiceStatus running() {
        require(SERVICE_START_PENDING, "run");
        state = SERVICE_RUNNING;
        checkPoint = 0;
        return new ServiceStatus(SERVICE_WIN32_OWN_PROCESS, state, ACCEPTED_WHEN_RUNNING, NO_ERROR, 0, 0, 0);
    }

    /** Stopping: from RUNNING (stop or shutdown), or after a failed start's clean-up. */
    synchronized ServiceStatus stopping() {
        if (state != SERVICE_RUNNING && state != SERVICE_STOP_PENDING && state != SERVICE_START_PENDING) {
            throw new IllegalStateException("the service cannot stop from state " + state);
        }
        return pending(SERVICE_STOP_PENDING, STOP_WAIT_HINT);
    }

    synchronized ServiceStatus stopped() {
        require(SERVICE_STOP_PENDING, "be stopped");
        return last(NO_ERROR, 0);
    }

    /** The start failed: STOPPED with {@code ERROR_SERVICE_SPECIFIC_ERROR} and our code (shown by {@code sc query}). */
    synchronized ServiceStatus failed(int serviceSpecificCode) {
        if (state != SERVICE_START_PENDING && state != SERVICE_STOP_PENDING) {
            throw new IllegalStateException("only a start can fail, not state " + state);
        }
        return last(ERROR_SERVICE_SPECIFIC_ERROR, serviceSpecificCode);
    }

    /** The next check point of the pending operation; empty when none is pending. */
    synchronized Optional<ServiceStatus> nextCheckPoint() {
        return switch (state) {
            case SERVICE_START_PENDING -> Optional.of(pending(SERVICE_START_PENDING, START_WAIT_HINT));
            case SERVICE_STOP_PENDING -> Optional.of(pending(SERVICE_STOP_PENDING, STOP_WAIT_HINT));
            default -> Optional.empty();
        };
    }

    synchronized int state() {
        return state;
    }

    private ServiceStatus pending(int pendingState, Duration hint) {
        if (state != pendingState) {
            checkPoint = 0;
        }
        state = pendingState;
        checkPoint++;
        return new ServiceStatus(SERVICE_WIN32_OWN_PROCESS, state, 0, NO_ERROR, 0, checkPoint, (int) hint.toMillis());
    }

    private ServiceStatus last(int win32ExitCode, int specific) {
        state = SERVICE_STOPPED;
        checkPoint = 0;
        return new ServiceStatus(SERVICE_WIN32_OWN_PROCESS, state, 0, win32ExitCode, specific, 0, 0);
    }

    private void require(int expected, String what) {
        if (state != expected) {
            throw new IllegalStateException("the service cannot " + what + " from state " + state);
        }
    }
}

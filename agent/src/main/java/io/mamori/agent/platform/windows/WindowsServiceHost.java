package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as a Windows service: {@link #run()} is called on the main thread as early as
 * possible and hands it to the service control manager (it must within 30 s of the process start,
 * https://learn.microsoft.com/en-us/windows/win32/api/winsvc/nf-winsvc-startservicectrldispatcherw).
 * Service main then registers the control handler, reports START_PENDING with a new check point
 * every {@code tick} while the agent starts, RUNNING once it has, and on STOP or SHUTDOWN closes the
 * agent — the path SIGTERM takes on Linux — with STOP_PENDING check points, then STOPPED. A start
 * that fails ends STOPPED with a service-specific code. Everything it reports is decided by
 * {@link ServiceLifecycle}.
 */
public final class WindowsServiceHost {

    private static final Logger LOG = LoggerFactory.getLogger(WindowsServiceHost.class);
    /** The service-specific code of a start that failed for a reason the body did not name. */
    public static final int START_FAILED = 1;

    /** What the service runs: starts the agent, and returns what closes it. */
    @FunctionalInterface
    public interface ServiceBody {
        AutoCloseable start() throws Exception;
    }

    /** A start that failed for a known reason, with the service-specific exit code {@code sc query} shows. */
    public static final class StartFailure extends Exception {
        private final int code;

        public StartFailure(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final ServiceControlNative scm;
    private final String name;
    private final ServiceBody body;
    private final Duration tick;
    private final List<String> jvmArguments;
    private final ServiceLifecycle lifecycle = new ServiceLifecycle();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Consumer<SessionChange> sessionChanges = change -> LOG.debug("session change {} (nobody listens)", change);
    private volatile BiConsumer<Integer, ByteBuffer> deviceEvents = (type, data) -> LOG.debug("device event {} (nobody listens)", type);
    private volatile int exitCode;

    /**
     * @param tick         how often a pending start or stop reports a new check point (well under the wait hints)
     * @param jvmArguments the JVM's input arguments, checked for -Xrs
     */
    WindowsServiceHost(ServiceControlNative scm, String name, ServiceBody body, Duration tick, List<String> jvmArguments) {
        this.scm = scm;
        this.name = name;
        this.body = body;
        this.tick = tick;
        this.jvmArguments = List.copyOf(jvmArguments);
    }

    /** The session-helper part's hook: logons, logoffs, connects (on a thread of its own, not the handler's). */
    public WindowsServiceHost onSessionChange(Consumer<SessionChange> listener) {
        this.sessionChanges = listener;
        return this;
    }

    /**
     * The device monitor's seam: SERVICE_CONTROL_DEVICEEVENT's event type ({@code DBT_DEVICEARRIVAL},
     * {@code DBT_DEVICEREMOVECOMPLETE} …) and a little-endian copy of its DEV_BROADCAST_* bytes,
     * on a thread of its own. Those events come only after the monitor registers the service's
     * status handle with RegisterDeviceNotification(DEVICE_NOTIFY_SERVICE_HANDLE).
     */
    public WindowsServiceHost onDeviceEvent(BiConsumer<Integer, ByteBuffer> listener) {
        this.deviceEvents = listener;
        return this;
    }

    /**
     * Hands the calling thread to the service control manager until the service has stopped.
     *
     * @return 0 when the service ran and stopped cleanly, the service-specific code when its start
     *         failed, 1 when the process was not started as a service
     */
    public int run() {
        if (!JvmFlags.reducesSignalUse(jvmArguments)) {
            LOG.warn("the service's JVM runs without -Xrs: a user logging off may stop it behind the service control"
                    + " manager's back; add -Xrs to the service's command line (docs/windows-service.md)");
        }
        if (!scm.dispatch(name, this::serviceMain)) {
            LOG.error("could not connect to the service control manager (error {}): `mamori agent service` is started by"
                    + " Windows as the service {}, not from a command prompt (use `mamori agent run` there)", scm.lastError(), name);
            return 1;
        }
        return exitCode;
    }

    /** Service main: runs on the dispatcher's thread until the service has stopped. */
    void serviceMain() {
        ExecutorService events = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "mamori-service-events"));
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mamori-service-checkpoints"));
        try {
            ServiceControls controls = new ServiceControls(stopRequested::countDown, change -> sessionChanges.accept(change),
                    (type, data) -> deviceEvents.accept(type, data), events);
            try {
                scm.register(name, (control, type, data) -> controls.handle(control, type, data, scm.memory()));
            } catch (IOException e) {
                LOG.error("could not register the service's control handler: {}", e.getMessage());
                exitCode = START_FAILED;
                return; // without a status handle nothing can be reported; the dispatcher ends with the process
            }
            report(lifecycle.starting());
            ScheduledFuture<?> checkPoints = ticks.scheduleAtFixedRate(this::checkPoint, tick.toMillis(), tick.toMillis(),
                    TimeUnit.MILLISECONDS);
            AutoCloseable agent;
            try {
                agent = body.start();
            } catch (Exception e) {
                checkPoints.cancel(false);
                exitCode = e instanceof StartFailure failure ? failure.code() : START_FAILED;
                LOG.error("the agent could not start as a service (code {}): {}", exitCode, e.getMessage());
                report(lifecycle.failed(exitCode));
                return;
            }
            checkPoints.cancel(false);
            report(lifecycle.running());
            LOG.info("the agent runs as the Windows service {}", name);
            awaitStop();
            report(lifecycle.stopping());
            checkPoints = ticks.scheduleAtFixedRate(this::checkPoint, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
            try {
                agent.close();
            } catch (Exception e) {
                LOG.warn("closing the agent: {}", e.getMessage());
            }
            checkPoints.cancel(false);
            exitCode = 0;
            report(lifecycle.stopped()); // nothing may run after this: the process can end at any moment
        } finally {
            ticks.shutdownNow();
            events.shutdownNow();
        }
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new check point, when a start or stop is still pending (a race with its end is harmless: none is due then). */
    private void checkPoint() {
        synchronized (lifecycle) {
            lifecycle.nextCheckPoint().ifPresent(this::reportQuietly);
        }
    }

    private void report(ServiceStatus status) {
        synchronized (lifecycle) {
            reportQuietly(status);
        }
    }

    private void reportQuietly(ServiceStatus status) {
        try {
            scm.report(status);
        } catch (IOException e) {
            LOG.warn("could not report the service's status {}: {}", status, e.getMessage());
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}

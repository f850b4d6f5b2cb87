package io.mamori.agent.patch;

import io.mamori.protocol.patch.PatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the patch level on its own thread — soon after start, every {@code interval}, and when asked
 * ({@link #refresh()}, the console's {@code REFRESH_PATCH_STATUS}) — and keeps the last result, so
 * the heartbeat never waits for a package manager. The heartbeat carries a result once:
 * {@link #undelivered()} until {@link #delivered(PatchStatus)}.
 */
public final class PatchStatusCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PatchStatusCollector.class);

    private final PatchStatusProbe probe;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<PatchStatus> measured;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean refreshAsked;
    private boolean closed;
    private PatchStatus latest;
    private PatchStatus undelivered;
    private Thread thread;

    /**
     * @param measured told of every new measurement, on the collector's thread (the employee's
     *                 notice); what it throws is logged, not fatal
     */
    public PatchStatusCollector(PatchStatusProbe probe, Duration interval, Clock clock, Consumer<PatchStatus> measured) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.measured = measured;
    }

    /** Starts measuring: the first measurement at once. */
    public void start() {
        start(Duration.ZERO);
    }

    /**
     * Starts measuring: the first measurement after {@code firstDelay}, or when asked before — so
     * the agent's start (and a test that starts it hundreds of times) does not pay for a package
     * manager's run.
     */
    public void start(Duration firstDelay) {
        thread = new Thread(() -> {
            if (awaitNext(firstDelay)) {
                loop();
            }
        }, "mamori-patch");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Measure again as soon as the thread is free (a measurement under way is not started twice). */
    public void refresh() {
        lock.lock();
        try {
            refreshAsked = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The last measurement, if there has been one. */
    public Optional<PatchStatus> latest() {
        lock.lock();
        try {
            return Optional.ofNullable(latest);
        } finally {
            lock.unlock();
        }
    }

    /** The last measurement if the console has not had it yet; else null (the heartbeat's {@code patch}). */
    public PatchStatus undelivered() {
        lock.lock();
        try {
            return undelivered;
        } finally {
            lock.unlock();
        }
    }

    /** The console has {@code status}: it is not sent again (unless nothing newer came meanwhile — then it was this one). */
    public void delivered(PatchStatus status) {
        lock.lock();
        try {
            if (undelivered == status) {
                undelivered = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            PatchStatus status = measureOnce();
            lock.lock();
            try {
                latest = status;
                undelivered = status;
            } finally {
                lock.unlock();
            }
            try {
                measured.accept(status);
            } catch (RuntimeException e) {
                LOG.warn("after measuring the patch level: {}", e.toString());
            }
            if (!awaitNext(interval)) {
                return;
            }
        }
    }

    private PatchStatus measureOnce() {
        long started = System.nanoTime();
        PatchStatus status;
        try {
            status = probe.measure();
        } catch (RuntimeException e) {
            LOG.error("the patch-status probe failed", e);
            status = new PatchStatusBuilder(clock.instant(), probe.osFamily(), null)
                    .failed("the probe failed: " + e.getClass().getSimpleName()).build();
        }
        LOG.info("patch level ({} ms): {} pending, {} security, restart {}{}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                status.pendingUpdates(), status.pendingSecurityUpdates(), status.rebootRequired() ? "required" : "not required",
                status.error() == null ? "" : "; not measured: " + status.error());
        return status;
    }

    /** Waits for {@code wait}, a refresh or the end; false at the end. */
    private boolean awaitNext(Duration wait) {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (!closed && !refreshAsked && left > 0) {
                left = wake.awaitNanos(left);
            }
            refreshAsked = false;
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.interrupt(); // a probe's program is killed and the thread ends
        }
    }
}

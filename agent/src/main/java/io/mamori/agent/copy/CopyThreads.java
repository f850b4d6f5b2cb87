package io.mamori.agent.copy;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the copy guard. Files are decided on a small pool (one thread per inspection
 * worker), so a copy of many files is classified in parallel and a slow file does not hold up the
 * others; its threads end when idle. Everything that waits — the end of a copy operation, the
 * employee's answer, a hold's time-out, counting indexed files, writing back — runs on one timer
 * thread ({@code mamori-holds}), never on the watcher's or the notifier's. Devices decided again
 * while mounted (an exception granted or ended, a new policy) are on a thread of their own
 * ({@code mamori-devices}): a remount may take seconds, and must not hold up a question's time-out.
 */
final class CopyThreads implements AutoCloseable {

    private final ThreadPoolExecutor deciding;
    private final ScheduledThreadPoolExecutor timer;
    private final ScheduledThreadPoolExecutor devices;

    CopyThreads(int deciders) {
        AtomicInteger number = new AtomicInteger();
        this.deciding = new ThreadPoolExecutor(deciders, deciders, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> daemon(runnable, "mamori-decide-" + number.incrementAndGet()));
        deciding.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "mamori-holds"));
        timer.setRemoveOnCancelPolicy(true);
        this.devices = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "mamori-devices"));
        devices.setRemoveOnCancelPolicy(true);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Decides on the pool; throws {@link java.util.concurrent.RejectedExecutionException} once the guard is stopping. */
    void decide(Runnable work) {
        deciding.execute(work);
    }

    /** Runs on the timer thread, now. */
    void soon(Runnable work) {
        timer.execute(work);
    }

    /** Runs on the timer thread after {@code delay} (at once if it is not positive). */
    void after(Duration delay, Runnable work) {
        timer.schedule(work, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs on the devices' thread after {@code delay} (at once if it is not positive); nothing once the guard is stopping. */
    void devices(Duration delay, Runnable work) {
        try {
            devices.schedule(work, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the guard is stopping: nothing is decided any more
        }
    }

    /** The timer thread, for work completed by others (the employee's answer) to be settled on. */
    Executor timer() {
        return timer;
    }

    @Override
    public void close() {
        deciding.shutdown();
        try {
            if (!deciding.awaitTermination(10, TimeUnit.SECONDS)) {
                deciding.shutdownNow();
            }
        } catch (InterruptedException e) {
            deciding.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        devices.shutdownNow();
    }
}

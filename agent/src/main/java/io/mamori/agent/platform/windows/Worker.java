package io.mamori.agent.platform.windows;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the Windows adapters do their I/O: one thread of their own, never the service's control
 * handler ("Do any I/O off the handler thread", Receiving Events in a Service). An interface so
 * tests run the queued work when they choose.
 */
interface Worker extends AutoCloseable {

    void run(Runnable task);

    void runAfter(Duration delay, Runnable task);

    @Override
    void close();

    /** A single daemon thread. */
    static Worker thread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        return new Worker() {
            @Override
            public void run(Runnable task) {
                executor.execute(task);
            }

            @Override
            public void runAfter(Duration delay, Runnable task) {
                executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}

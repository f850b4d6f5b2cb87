package io.mamori.agent.platform.macos;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A thread of our own running a CFRunLoop, for a DiskArbitration session: the session is created
 * and scheduled on it ({@code DASessionScheduleWithRunLoop}), and its callbacks run there
 * (PLATFORMS.md §8). Compiled only.
 */
final class RunLoopThread {

    private final CompletableFuture<Pointer> runLoop = new CompletableFuture<>();
    private final Thread thread;

    /**
     * Starts the thread; {@code setUp} runs on it with its run loop before the loop runs (a failure
     * there fails {@link #awaitStarted}).
     */
    RunLoopThread(String name, Consumer<Pointer> setUp) {
        thread = new Thread(() -> {
            Pointer loop;
            try {
                loop = DiskArbitrationLibrary.CF.INSTANCE.CFRunLoopGetCurrent();
                setUp.accept(loop);
            } catch (RuntimeException | LinkageError e) {
                runLoop.completeExceptionally(e);
                return;
            }
            runLoop.complete(loop);
            DiskArbitrationLibrary.CF.INSTANCE.CFRunLoopRun(); // returns when stopped
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the run loop is about to run; the set-up's failure as an IOException. */
    Pointer awaitStarted(long seconds) throws IOException {
        try {
            return runLoop.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the run loop thread did not start within " + seconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the run loop thread");
        }
    }

    void stop() {
        Pointer loop = runLoop.getNow(null);
        if (loop != null) {
            DiskArbitrationLibrary.CF.INSTANCE.CFRunLoopStop(loop);
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

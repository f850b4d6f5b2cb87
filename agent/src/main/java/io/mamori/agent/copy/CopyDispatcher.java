package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.classifier.inspect.Inspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a written file enters the guard, on the watcher's thread: it joins its copy operation and
 * is handed to a deciding thread ({@link FileDecisions}), so the watcher is never held up. A
 * decision that fails unexpectedly is recorded as an enforcement failure, never dropped.
 */
final class CopyDispatcher implements FileActivity.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CopyDispatcher.class);

    private final CopyOperations operations;
    private final FileDecisions decisions;
    private final CopyThreads threads;
    private final Inspector inspector;
    private final CopyEvents events;
    private final AtomicInteger pending = new AtomicInteger();

    CopyDispatcher(CopyOperations operations, FileDecisions decisions, CopyThreads threads, Inspector inspector, CopyEvents events) {
        this.operations = operations;
        this.decisions = decisions;
        this.threads = threads;
        this.inspector = inspector;
        this.events = events;
    }

    @Override
    public void written(FileActivity.FileWritten written) {
        UUID operationId = operations.operationFor(written);
        pending.incrementAndGet();
        operations.decidingStarted(operationId);
        try {
            threads.decide(() -> {
                try {
                    decisions.decide(written, operationId);
                } catch (RuntimeException e) {
                    LOG.error("deciding {} failed", written.path(), e);
                    events.enforcementFailed(written.volume().identity(), written, operationId,
                            "deciding " + written.path() + " failed: " + e);
                } finally {
                    operations.decidingEnded(operationId);
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            operations.decidingEnded(operationId);
            pending.decrementAndGet(); // the agent is stopping
            LOG.warn("not deciding {}: the agent is stopping", written.path());
        }
    }

    /**
     * Has an inspection worker started while the person is still looking at the new stick, so the
     * first file copied does not wait for a worker JVM to start (about a second and a half). The
     * content is new each time, so no cached result stands in for the worker.
     */
    void warmUp() {
        pending.incrementAndGet();
        try {
            threads.decide(() -> {
                Path file = null;
                try {
                    file = Files.createTempFile("mamori-warm-up", ".txt");
                    Files.writeString(file, "warm-up " + UUID.randomUUID());
                    inspector.inspect(file);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("warming up the inspector: {}", e.getMessage());
                } finally {
                    pending.decrementAndGet();
                    if (file != null) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            LOG.debug("cannot remove {}: {}", file, e.getMessage());
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // stopping
        }
    }

    /** Files written and not yet decided. */
    int pending() {
        return pending.get();
    }

    /** Waits until every file reported so far is decided, or the time is up; true if none is left. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}

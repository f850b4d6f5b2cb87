package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.worker.WorkerMessages;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the inspection workers: starts a worker JVM when a file needs one and none
 * is free (up to the configured number), reuses it while files keep coming, stops it when idle,
 * and replaces it after a timeout, a crash or an out-of-memory. A file that took its worker down
 * gets TIMEOUT, TOO_LARGE (out of memory) or ERROR, with the reason — never a clean result.
 */
public final class WorkerPool implements Inspector {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final InspectorConfig config;
    private final WorkerMessages.Setup setup;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final ScheduledExecutorService reaper;
    private int running;
    /** Workers being started ahead of a file ({@link #prepare}); a file waits for one rather than starting another. */
    private int preparing;
    private boolean closed;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();

    public WorkerPool(ClassifierConfig classifier, InspectorConfig config) {
        this.config = config;
        this.setup = WorkerMessages.Setup.of(classifier);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mamori-worker-reaper");
            thread.setDaemon(true);
            return thread;
        });
        // folders of workers whose supervisor was killed before it could remove them
        WorkerTemporaryFolders.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")), java.time.Instant.now());
        long period = Math.max(100, config.idleStop().toMillis() / 4);
        reaper.scheduleAtFixedRate(this::stopIdleWorkers, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Classification inspect(Path file) {
        return inspect(file, null);
    }

    @Override
    public Classification inspect(Path file, String knownSha256) {
        return inspect(file, knownSha256, null);
    }

    @Override
    public Classification glance(Path file, String knownSha256, int maxChars) {
        return inspect(file, knownSha256, maxChars);
    }

    private Classification inspect(Path file, String knownSha256, Integer maxChars) {
        long startedAt = System.nanoTime();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return failed(file, knownSha256, 0, InspectionStatus.ERROR, "cannot read the file: "
                    + e.getClass().getSimpleName(), startedAt);
        }
        WorkerProcess worker;
        try {
            worker = borrow();
        } catch (IOException e) {
            return failed(file, knownSha256, size, InspectionStatus.ERROR, e.getMessage(), startedAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(file, knownSha256, size, InspectionStatus.ERROR, "interrupted", startedAt);
        }
        Duration timeout = config.timeoutFor(size).plus(setup.ocr().enabled() ? setup.ocr().timeout() : Duration.ZERO);
        WorkerProcess.Outcome outcome;
        try {
            outcome = worker.inspect(file, knownSha256, maxChars, timeout);
        } catch (InterruptedException e) {
            discard(worker);
            Thread.currentThread().interrupt();
            return failed(file, knownSha256, size, InspectionStatus.ERROR, "interrupted", startedAt);
        }
        if (outcome instanceof WorkerProcess.Done done) {
            giveBack(worker);
            return done.result();
        }
        discard(worker);
        replaced.incrementAndGet();
        if (outcome instanceof WorkerProcess.TimedOut) {
            LOG.warn("inspection of a {} byte file took longer than {} s; its worker was stopped", size,
                    timeout.toSeconds());
            return failed(file, knownSha256, size, InspectionStatus.TIMEOUT, "inspection stopped at the time limit: it took"
                    + " longer than " + timeout.toSeconds() + " s; the inspection worker was stopped and replaced", startedAt);
        }
        int exit = ((WorkerProcess.Died) outcome).exitStatus();
        if (exit == WorkerProcess.OUT_OF_MEMORY_EXIT) {
            LOG.warn("inspection of a {} byte file ran its worker out of memory; the worker was replaced", size);
            return failed(file, knownSha256, size, InspectionStatus.TOO_LARGE, "inspection stopped at the memory limit:"
                    + " it needs more memory than the inspection worker has (" + config.heapMegabytes() + " MB); the worker was replaced", startedAt);
        }
        LOG.warn("the inspection worker stopped with status {} while inspecting a {} byte file", exit, size);
        return failed(file, knownSha256, size, InspectionStatus.ERROR, "the inspection worker stopped unexpectedly"
                + " (exit status " + exit + ") and was replaced", startedAt);
    }

    /**
     * Starts a worker in the background when none is idle and the pool may grow, so that the file
     * coming next does not wait for a JVM to start (the caller hashes it meanwhile). A worker that
     * cannot start is only logged: the file's own inspection will try again and report it.
     */
    @Override
    public void prepare(Path file) {
        synchronized (this) {
            if (closed || !idle.isEmpty() || preparing > 0 || running >= config.workers()) {
                return;
            }
            running++;
            preparing++;
        }
        Thread starter = new Thread(() -> {
            WorkerProcess worker = null;
            try {
                worker = WorkerProcess.start(config, setup);
                started.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                LOG.debug("an inspection worker started ahead of a file could not start: {}", e.toString());
            }
            synchronized (this) {
                preparing--;
                if (worker == null) {
                    running--;
                    notifyAll();
                    return;
                }
            }
            giveBack(worker);
        }, "mamori-worker-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Workers started so far, and workers replaced after a timeout, crash or out-of-memory. */
    public long startedWorkers() {
        return started.get();
    }

    public long replacedWorkers() {
        return replaced.get();
    }

    /** Process ids of the workers running now (for footprint measurements). */
    public synchronized List<Long> idleWorkerPids() {
        return idle.stream().map(WorkerProcess::pid).toList();
    }

    public synchronized int runningWorkers() {
        return running;
    }

    private WorkerProcess borrow() throws IOException, InterruptedException {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IOException("the inspector is closed");
                }
                WorkerProcess worker = idle.pollFirst();
                if (worker != null) {
                    if (worker.isAlive()) {
                        return worker;
                    }
                    running--;
                    continue;
                }
                if (running < config.workers() && preparing == 0) {
                    running++;
                    break;
                }
                wait();
            }
        }
        try {
            WorkerProcess worker = WorkerProcess.start(config, setup);
            started.incrementAndGet();
            return worker;
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                running--;
                notifyAll();
            }
            throw e instanceof IOException io ? io : new IOException("the inspection worker could not start", e);
        }
    }

    private synchronized void giveBack(WorkerProcess worker) {
        if (closed || !worker.isAlive()) {
            running--;
            worker.close();
        } else {
            idle.addFirst(worker);
        }
        notifyAll();
    }

    private synchronized void discard(WorkerProcess worker) {
        worker.kill();
        running--;
        notifyAll();
    }

    private void stopIdleWorkers() {
        List<WorkerProcess> stopping;
        synchronized (this) {
            stopping = idle.stream().filter(w -> w.idleFor().compareTo(config.idleStop()) >= 0 || !w.isAlive()).toList();
            idle.removeAll(stopping);
            running -= stopping.size();
            notifyAll();
        }
        stopping.forEach(WorkerProcess::close);
    }

    private static Classification failed(Path file, String sha256, long size, InspectionStatus status, String reason,
            long startedAt) {
        String hash = sha256;
        if (hash == null) {
            try {
                hash = Classifier.sha256(file);
            } catch (IOException e) {
                hash = null; // the file is gone or unreadable: the status says it was not inspected
            }
        }
        return Classification.notInspected(file.toString(), null, status, reason, hash, size,
                (System.nanoTime() - startedAt) / 1_000_000);
    }

    @Override
    public void close() {
        List<WorkerProcess> stopping;
        synchronized (this) {
            closed = true;
            stopping = List.copyOf(idle);
            idle.clear();
            running -= stopping.size();
            notifyAll();
        }
        reaper.shutdownNow();
        stopping.forEach(WorkerProcess::close);
    }
}

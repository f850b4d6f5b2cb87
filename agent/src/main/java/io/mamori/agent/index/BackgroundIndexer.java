package io.mamori.agent.index;

import io.mamori.agent.config.AgentConfig.IndexerSettings;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.CachingInspector;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies the files in people's usual folders ahead of time, so that a decision about a file
 * copied to a USB stick is a cache hit, and so that the agent can tell at once, when a stick is
 * mounted, how many of those files policy would block. One daemon thread at the lowest priority
 * walks the configured folders ({@link IndexRoots}) once per pass interval and hands each new or
 * changed file to the agent's {@link CachingInspector}, whose workers parse it at a lower
 * scheduling priority; the results land in the {@link FileIndex}. A file whose path, size and
 * modification time are known and whose content is classified under the inspector's
 * configuration is not read again, so a pass after a restart costs little more than listing the
 * folders; after a policy change (another configuration) files are classified again.
 *
 * <p>Neither followed nor indexed: hidden folders, symbolic links, file systems mounted inside a
 * folder (a walk stays on its folder's file system), folders on removable media, files larger
 * than the limit. Files read are throttled (files and bytes a second). A file that cannot be read
 * or vanishes is counted as an error and logged at DEBUG; the walk goes on. After a complete pass
 * over a folder, deleted files are forgotten ({@link FileIndex#forgetVanished}).
 *
 * <p>The caller owns the inspector and the index: {@link #close()} stops the thread only.
 */
public final class BackgroundIndexer implements AutoCloseable {

    /**
     * What the indexer has done, for {@code mamori agent status}. The counts are those of the pass
     * running now, or else of the last one.
     *
     * @param passRunning     a pass is under way
     * @param passesCompleted passes that went through every folder since start
     * @param lastPassStarted when the current or last pass started, or null before the first
     * @param lastPassEnded   when the last pass ended (completed or stopped), or null
     * @param filesSeen       files met in the folders
     * @param filesClassified files read and classified (new or changed)
     * @param filesUnchanged  files already in the index as they are
     * @param skipped         files and folders left out by rule (hidden folder, link, other file system, too large)
     * @param errors          files and folders that could not be read or classified
     */
    public record Progress(boolean passRunning, long passesCompleted, Instant lastPassStarted, Instant lastPassEnded,
            long filesSeen, long filesClassified, long filesUnchanged, long skipped, long errors) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundIndexer.class);
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final Duration STOP_WAIT = Duration.ofMillis(900);

    private final IndexerSettings settings;
    private final Supplier<CachingInspector> inspector;
    private final FileIndex index;
    private final Predicate<Path> onRemovableMedia;
    private final Path home = Path.of(System.getProperty("user.home"));
    private final Clock clock = Clock.systemUTC();
    private final Throttle throttle;
    private final Object wakeUp = new Object();
    private final Object onePass = new Object();
    private volatile boolean closed;
    private Thread thread;

    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong classified = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean passRunning;
    private volatile Instant lastPassStarted;
    private volatile Instant lastPassEnded;

    /**
     * @param settings         what to index and how fast
     * @param inspector        the agent's inspector, caching into {@code index}
     * @param index            where results are kept
     * @param onRemovableMedia true for a path on a removable volume mounted now (the agent asks its
     *                         {@code MediaMonitor}); such folders are never indexed
     */
    public BackgroundIndexer(IndexerSettings settings, CachingInspector inspector, FileIndex index,
            Predicate<Path> onRemovableMedia) {
        this(settings, () -> inspector, index, onRemovableMedia);
    }

    /**
     * With the inspector of the policy in force asked for each file: a policy with other custom
     * detectors makes results under another configuration, so files are classified again.
     */
    public BackgroundIndexer(IndexerSettings settings, Supplier<CachingInspector> inspector, FileIndex index,
            Predicate<Path> onRemovableMedia) {
        this.settings = settings;
        this.inspector = inspector;
        this.index = index;
        this.onRemovableMedia = onRemovableMedia;
        this.throttle = new Throttle(settings.filesPerSecond(), settings.bytesPerSecond(), System::nanoTime, this::pause);
    }

    /**
     * Starts the indexer's thread: a pass at once, then one every pass interval. Does nothing when
     * the indexer is turned off or has no folders, or after {@link #close()}.
     */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        if (!settings.enabled()) {
            LOG.info("the background indexer is turned off (indexer.enabled)");
            return;
        }
        if (settings.roots().isEmpty()) {
            LOG.info("the background indexer has no folders to index (indexer.roots)");
            return;
        }
        thread = new Thread(this::runPasses, "mamori-indexer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** True while the indexer's thread runs (between passes too). */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    public Progress progress() {
        return new Progress(passRunning, passes.get(), lastPassStarted, lastPassEnded, seen.get(), classified.get(),
                unchanged.get(), skipped.get(), errors.get());
    }

    private void runPasses() {
        while (!closed) {
            long started = System.nanoTime();
            try {
                runPass();
            } catch (RuntimeException e) {
                LOG.error("an index pass failed; the next one starts at the usual time", e);
            }
            long wait = settings.passInterval().toNanos() - (System.nanoTime() - started);
            if (!pause(Math.max(wait, 0))) {
                return;
            }
        }
    }

    /**
     * The indexed files {@code stopped} accepts (given each file's summary and content hash), counted
     * by the user id of their owner: the warning on mount of how many of a person's files the policy
     * would block or hold on that device. Files classified under another configuration than the
     * current one, and files gone since the last pass, are not counted.
     */
    public Map<Long, Integer> countByOwner(BiPredicate<ClassificationSummary, String> stopped) {
        Map<Long, Integer> counts = new HashMap<>();
        Set<Path> counted = new HashSet<>();
        String configuration = inspector.get().configuration();
        for (Path root : IndexRoots.expand(settings.roots(), home)) {
            index.forEachFileUnder(root, configuration, file -> {
                if (file.classification() == null || counted.contains(file.path())
                        || !stopped.test(file.classification().toSummary(Confidence.LOW), file.sha256())) {
                    return;
                }
                try {
                    Object uid = Files.getAttribute(file.path(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
                    counts.merge(((Number) uid).longValue(), 1, Integer::sum);
                    counted.add(file.path());
                } catch (IOException | UnsupportedOperationException e) {
                    // gone since it was indexed, or a file system without owners: not counted
                }
            });
        }
        return counts;
    }

    /**
     * Runs one pass over every folder on the calling thread (the indexer's own thread, a test, a
     * command that indexes now), one pass at a time, throttled like the others.
     *
     * @return what it did
     */
    public Progress runPass() {
        synchronized (onePass) {
            seen.set(0);
            classified.set(0);
            unchanged.set(0);
            skipped.set(0);
            errors.set(0);
            Instant started = clock.instant();
            lastPassStarted = started;
            passRunning = true;
            List<Path> roots = IndexRoots.expand(settings.roots(), home);
            LOG.info("index pass started over {} folders", roots.size());
            LOG.debug("folders to index: {}", roots);
            boolean complete = true;
            int forgotten = 0;
            for (Path root : roots) {
                if (closed) {
                    complete = false;
                    break;
                }
                if (onRemovableMedia.test(root)) {
                    LOG.debug("{} is on removable media and is not indexed", root);
                    skipped.incrementAndGet();
                    continue;
                }
                if (walk(root)) {
                    forgotten += index.forgetVanished(root, started.toEpochMilli());
                } else {
                    complete = false;
                }
            }
            Instant ended = clock.instant();
            lastPassEnded = ended;
            passRunning = false;
            if (complete) {
                passes.incrementAndGet();
            }
            LOG.info("index pass {} after {} s: {} files seen, {} classified, {} unchanged, {} skipped, {} errors,"
                    + " {} deleted files forgotten", complete ? "done" : "stopped",
                    Duration.between(started, ended).toSeconds(), seen.get(), classified.get(), unchanged.get(),
                    skipped.get(), errors.get(), forgotten);
            return progress();
        }
    }

    /** Walks one folder; false if it was stopped or could not be walked at all. */
    private boolean walk(Path root) {
        Object rootFileSystem;
        try {
            rootFileSystem = fileSystemOf(root);
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.debug("cannot index {}: {}", root, e.toString());
            return false;
        }
        try {
            Files.walkFileTree(root, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (closed) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName().toString().startsWith(".") || !onFileSystem(dir, rootFileSystem)) {
                        skipped.incrementAndGet();
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (closed) {
                        return FileVisitResult.TERMINATE;
                    }
                    seen.incrementAndGet();
                    return indexFile(file, attributes) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    errors.incrementAndGet();
                    LOG.debug("cannot read {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        errors.incrementAndGet();
                        LOG.debug("cannot list all of {}: {}", dir, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.debug("cannot index {}: {}", root, e.toString());
            return false;
        }
        return !closed;
    }

    /** Indexes one file met in a walk; false if the indexer was told to stop while it waited. */
    private boolean indexFile(Path file, BasicFileAttributes attributes) {
        if (!attributes.isRegularFile() || attributes.size() > settings.maxFileBytes()) {
            skipped.incrementAndGet(); // links (not followed), devices, sockets, files too large
            return true;
        }
        String sha256 = index.knownHash(file.toString(), attributes.size(), attributes.lastModifiedTime().toMillis());
        if (sha256 != null && index.contains(inspector.get().configuration(), sha256)) {
            unchanged.incrementAndGet();
            return true;
        }
        if (!throttle.take(attributes.size())) {
            return false;
        }
        Classification result;
        try {
            result = inspector.get().inspect(file);
        } catch (RuntimeException e) {
            // inspectors report a bad file as a status; this is a fault of the inspector, not a reason to stop the walk
            errors.incrementAndGet();
            LOG.warn("the inspector failed on a file: {}", e.toString());
            return true;
        }
        if (result.status() == InspectionStatus.ERROR || result.status() == InspectionStatus.TIMEOUT) {
            errors.incrementAndGet();
            LOG.debug("could not classify {}: {}", file, result.reason());
        } else {
            classified.incrementAndGet();
        }
        return true;
    }

    private boolean onFileSystem(Path dir, Object fileSystem) {
        try {
            return fileSystem.equals(fileSystemOf(dir));
        } catch (IOException e) {
            LOG.debug("cannot tell which file system {} is on, skipped: {}", dir, e.toString());
            return false;
        }
    }

    /** The device of a folder where the OS says it (Linux, macOS); elsewhere its file store. */
    private static Object fileSystemOf(Path dir) throws IOException {
        return UNIX ? Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS) : Files.getFileStore(dir);
    }

    /** Waits, or less if the indexer is closed meanwhile; false if it was. */
    private boolean pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        synchronized (wakeUp) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    wakeUp.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Stops the indexer within about a second: a pause ends at once, a walk at the next file. A
     * file being classified is given a moment, then its thread is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(STOP_WAIT.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warn("the background indexer is still finishing a file; it stops after it");
        }
    }
}

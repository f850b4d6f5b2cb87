package io.mamori.agent.platform.macos;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files written on removable volumes on macOS, from an FSEvents stream per volume with file-level
 * events (PLATFORMS.md §9). A file is reported once it holds still ({@link SettlingFiles}): FSEvents
 * says a file changed, not that it was closed. When FSEvents says events were lost or coalesced
 * ({@code MustScanSubDirs}, {@code UserDropped}, {@code KernelDropped}, {@code RootChanged};
 * {@link FsEventFlags}) the volume is walked again and the files modified since events were last
 * seen (less two seconds, for FAT's coarse clock) are put to settle. A directory created or moved in
 * is walked: its files may be inside already.
 *
 * <p>FSEvents does not say who wrote, and macOS tells no one without Endpoint Security: the actor is
 * always unknown, with {@value #NO_WRITER} as the reason. Where a volume's stream cannot be started,
 * that volume is handed to the portable watcher (made through the factory at first need) and
 * {@code degraded} says so in one line.
 */
final class MacFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(MacFileActivity.class);
    static final String NO_WRITER = "macOS gives no writer without Endpoint Security";
    private static final long COARSE_CLOCK_MILLIS = 2000;
    private static final long TICK_MILLIS = 50;

    private record Watched(Volume volume, FsEventsNative.Stream stream) {
    }

    private final FsEventsNative fsEvents;
    private final Listener listener;
    private final Clock clock;
    private final MacPlatform.FileActivityFactory portableFactory;
    private final Consumer<String> degraded;
    private final SettlingFiles settling;
    private final ScheduledExecutorService worker;
    private final Map<Path, Watched> watched = new ConcurrentHashMap<>();
    private final Set<Path> onPortable = ConcurrentHashMap.newKeySet();
    /** Mount points whose stream is starting or running: events for others are dropped. */
    private final Set<Path> active = ConcurrentHashMap.newKeySet();
    /** Per mount point: when its events were last handled (epoch millis); read and written on the worker. */
    private final Map<Path, Long> lastSeen = new ConcurrentHashMap<>();
    private FileActivity portable;

    MacFileActivity(FsEventsNative fsEvents, Listener listener, Clock clock, Duration settle, MacPlatform.FileActivityFactory portable,
            Consumer<String> degraded) {
        this.fsEvents = fsEvents;
        this.listener = listener;
        this.clock = clock;
        this.portableFactory = portable;
        this.degraded = degraded;
        this.settling = new SettlingFiles(settle.toNanos());
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mamori-file-activity-fsevents");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::reportSettled, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void watch(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        if (watched.containsKey(mountPoint) || onPortable.contains(mountPoint)) {
            return;
        }
        lastSeen.put(mountPoint, System.currentTimeMillis());
        active.add(mountPoint); // before the stream starts: its first events may come before watch returns
        FsEventsNative.Stream stream;
        try {
            stream = fsEvents.watch(mountPoint, batch -> submit(() -> handle(volume, batch)));
        } catch (IOException | RuntimeException | LinkageError e) {
            active.remove(mountPoint);
            watchPortably(volume, e);
            return;
        }
        watched.put(mountPoint, new Watched(volume, stream));
    }

    private synchronized void watchPortably(Volume volume, Throwable why) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        String reason = "FSEvents cannot watch " + OsText.clip(mountPoint.toString()) + " (" + OsText.clip(String.valueOf(why.getMessage()), 200)
                + "); its files are watched by the portable watcher instead, which polls on macOS (writes seen seconds later)";
        LOG.warn(reason);
        degraded.accept(reason);
        if (portable == null) {
            portable = portableFactory.start(written -> listener.written(new FileWritten(written.path(), written.volume(),
                    written.actor() != null ? written.actor() : Actor.unknown(NO_WRITER), written.at())));
        }
        portable.watch(volume);
        onPortable.add(mountPoint);
    }

    @Override
    public void unwatch(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        active.remove(mountPoint);
        Watched was = watched.remove(mountPoint);
        if (was != null) {
            was.stream().close();
        }
        if (onPortable.remove(mountPoint)) {
            synchronized (this) {
                portable.unwatch(volume);
            }
        }
        submit(() -> {
            settling.forget(mountPoint);
            lastSeen.remove(mountPoint);
        });
    }

    /** One batch of FSEvents for a volume. On the worker. */
    private void handle(Volume volume, List<FsEventsNative.FsEvent> batch) {
        Path mountPoint = volume.mount().mountPoint();
        if (!active.contains(mountPoint)) {
            return; // unwatched meanwhile
        }
        boolean rescan = false;
        int rescanFlags = 0;
        for (FsEventsNative.FsEvent event : batch) {
            FsEventFlags.Meaning meaning = FsEventFlags.meaning(event.flags());
            if (meaning == FsEventFlags.Meaning.RESCAN) {
                rescan = true;
                rescanFlags |= event.flags();
                continue;
            }
            Optional<Path> path = pathOn(mountPoint, event.path());
            if (path.isEmpty() || meaning == FsEventFlags.Meaning.NOTHING) {
                continue;
            }
            switch (meaning) {
                case FILE_CHANGED -> {
                    if (!settling.changed(path.get(), volume, System.nanoTime()) && Files.notExists(path.get(), LinkOption.NOFOLLOW_LINKS)) {
                        // written and gone (deleted, or renamed away) before its event was read: reported all the same,
                        // so that the guard records it could not be decided
                        settling.gone(path.get());
                        report(new SettlingFiles.Due(path.get(), volume));
                    }
                }
                case FILE_GONE -> settling.gone(path.get()).ifPresent(this::report);
                case DIRECTORY_CHANGED -> walk(path.get(), volume, Long.MIN_VALUE);
                default -> {
                }
            }
        }
        long since = lastSeen.getOrDefault(mountPoint, 0L) - COARSE_CLOCK_MILLIS;
        lastSeen.put(mountPoint, System.currentTimeMillis());
        if (rescan) {
            LOG.warn("FSEvents lost or coalesced events on {} ({}): it is walked again for files modified since {}",
                    OsText.clip(mountPoint.toString()), FsEventFlags.describe(rescanFlags), Instant.ofEpochMilli(since));
            walk(mountPoint, volume, since);
        }
    }

    /** The event's path if it lies on the volume; FSEvents gives absolute paths. */
    private static Optional<Path> pathOn(Path mountPoint, String eventPath) {
        try {
            Path path = Path.of(eventPath);
            return path.startsWith(mountPoint) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            LOG.debug("an FSEvents path is not a valid path: {}", OsText.clip(eventPath));
            return Optional.empty();
        }
    }

    /** Puts the regular files under {@code top} modified at or after {@code since} (epoch millis) to settle; not across links. */
    private void walk(Path top, Volume volume, long since) {
        try {
            Files.walkFileTree(top, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() >= since) {
                        settling.changed(file, volume, System.nanoTime());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // gone meanwhile, or not readable (Full Disk Access?); the name stays out of the log
                    LOG.debug("an entry on {} cannot be read: {}", OsText.clip(volume.mount().mountPoint().toString()),
                            e.getClass().getSimpleName());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("a directory on {} cannot be walked: {}", OsText.clip(volume.mount().mountPoint().toString()),
                    e.getClass().getSimpleName());
        }
    }

    private void reportSettled() {
        try {
            settling.due(System.nanoTime()).forEach(this::report);
        } catch (RuntimeException e) {
            LOG.error("settled files could not be reported: {}", e.toString(), e);
        }
    }

    private void report(SettlingFiles.Due due) {
        try {
            listener.written(new FileWritten(due.path(), due.volume(), Actor.unknown(NO_WRITER), clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("a written file could not be handled: {}", e.getMessage(), e);
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("file events could not be handled: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("file events after close are dropped");
        }
    }

    @Override
    public void close() {
        active.clear();
        watched.values().forEach(w -> w.stream().close());
        watched.clear();
        worker.shutdownNow();
        try {
            worker.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (portable != null) {
                portable.close();
            }
        }
    }
}

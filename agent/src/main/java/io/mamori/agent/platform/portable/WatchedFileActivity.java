package io.mamori.agent.platform.portable;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files written on removable volumes through the JDK's {@link WatchService}, on any OS: inotify on
 * Linux, {@code ReadDirectoryChangesW} on Windows (one registration covers a whole volume there,
 * {@code FILE_TREE}), polling on macOS. Elsewhere than Windows each directory is registered, and a
 * directory created later is registered and walked when its event is read ({@code cp -r} writes
 * files into it before that).
 *
 * <p>A watch service says a file was created or modified, not that its writer closed it. So a file
 * is reported once it has settled: its size and modification time held still for
 * {@value #SETTLE_MILLIS} ms and the {@link WriterCheck} says the writer let go of it (on Windows,
 * the file opens with no sharing). A writer that pauses longer mid-file gets the file decided early
 * and again when it changes; nothing is left undecided. When the service overflows (it lost events),
 * the volume is walked again and the files modified since the service was last seen quiet (less
 * {@value #COARSE_CLOCK_MILLIS} ms for coarse clocks such as FAT's) are reported.
 *
 * <p>A file deleted or renamed away before it settled is reported all the same, so that the
 * guard records it as gone before its decision (the watch service tells a rename only as a deletion
 * and a creation). The watch service does not tell who wrote: the actor is unknown, and says so.
 * The agent's own writes are reported too (the guard recognises its releases).
 */
final class WatchedFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedFileActivity.class);
    static final long SETTLE_MILLIS = 300;
    /** Why the writer is unknown, in each report. */
    static final String NO_WRITER = "the portable watcher cannot tell who wrote";
    private static final long COARSE_CLOCK_MILLIS = 2000;
    private static final int REMEMBERED_REPORTS = 10_000;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** Whether the writer of a settled file has let go of it; a seam for the OS that can tell. */
    interface WriterCheck {
        boolean closed(Path file);

        /** Where the OS cannot tell: size and time holding still must do. */
        WriterCheck SETTLED_IS_CLOSED = file -> true;
    }

    /** How a volume's directories are handed to the watch service. */
    interface Registration {
        /** Registers one directory; {@code tree} asks for everything under it too. */
        WatchKey register(WatchService service, Path dir, boolean tree) throws IOException;
    }

    private record Watched(Path dir, Volume volume) {
    }

    private record FileState(long size, long modifiedMillis) {
        static FileState of(BasicFileAttributes attributes) {
            return new FileState(attributes.size(), attributes.lastModifiedTime().toMillis());
        }
    }

    private record Settling(Volume volume, FileState state, long dueNanos) {
    }

    private final WatchService service;
    private final boolean fileTree;
    private final Registration registration;
    private final WriterCheck writers;
    private final Listener listener;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    // Guarded by lock: the reader thread and the callers of watch/unwatch share them.
    private final Object lock = new Object();
    private final Map<WatchKey, Watched> keys = new HashMap<>();
    private final Map<Path, Volume> volumes = new HashMap<>();
    private final Map<Path, Settling> settling = new LinkedHashMap<>();
    private final Map<Path, FileState> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileState> eldest) {
            return size() > REMEMBERED_REPORTS;
        }
    };
    private final Set<String> warned = new HashSet<>();
    private long quietSinceMillis = System.currentTimeMillis();

    /**
     * @param fileTree whether one registration covers a directory's whole tree (Windows)
     */
    WatchedFileActivity(WatchService service, boolean fileTree, Registration registration, WriterCheck writers,
            Listener listener, Clock clock) {
        this.service = service;
        this.fileTree = fileTree;
        this.registration = registration;
        this.writers = writers;
        this.listener = listener;
        this.clock = clock;
        this.thread = new Thread(this::readEvents, "mamori-file-activity-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** On the default file system, with whole-tree registration where this JDK has it. */
    static WatchedFileActivity start(Listener listener, Clock clock, WriterCheck writers) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        boolean fileTree = WatchRegistrations.fileTreeSupported(service);
        return new WatchedFileActivity(service, fileTree, WatchRegistrations::register, writers, listener, clock);
    }

    @Override
    public void watch(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        synchronized (lock) {
            if (volumes.putIfAbsent(mountPoint, volume) != null) {
                return;
            }
            try {
                keys.put(registration.register(service, mountPoint, fileTree), new Watched(mountPoint, volume));
            } catch (IOException | RuntimeException e) {
                volumes.remove(mountPoint);
                throw new IOException("the watch service cannot watch " + mountPoint + ": " + e.getMessage(), e);
            }
        }
        if (!fileTree) {
            walk(mountPoint, volume, Long.MAX_VALUE); // registers the directories; what is there was not written now
        }
    }

    @Override
    public void unwatch(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        synchronized (lock) {
            if (volumes.remove(mountPoint) == null) {
                return;
            }
            for (Iterator<Map.Entry<WatchKey, Watched>> it = keys.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<WatchKey, Watched> entry = it.next();
                if (entry.getValue().volume().mount().mountPoint().equals(mountPoint)) {
                    entry.getKey().cancel(); // lets go of the directory handle (Windows asks for it before removal)
                    it.remove();
                }
            }
            settling.values().removeIf(file -> file.volume().mount().mountPoint().equals(mountPoint));
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            service.close(); // wakes the reader
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.getMessage());
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readEvents() {
        while (running) {
            List<FileWritten> written = new ArrayList<>();
            try {
                long askedAt = System.currentTimeMillis();
                WatchKey key = service.poll(pollTimeoutMillis(), TimeUnit.MILLISECONDS);
                synchronized (lock) {
                    if (key == null) {
                        quietSinceMillis = askedAt; // nothing was pending: events lost later come after this
                    }
                    for (; key != null; key = service.poll()) {
                        handle(key, written);
                    }
                    reportSettled(written);
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("file events could not be handled: {}", e.getMessage(), e);
            }
            for (FileWritten file : written) {
                try {
                    listener.written(file);
                } catch (RuntimeException e) {
                    LOG.error("a written file could not be handled: {}", e.getMessage(), e);
                }
            }
        }
    }

    private long pollTimeoutMillis() {
        synchronized (lock) {
            long next = Long.MAX_VALUE;
            for (Settling file : settling.values()) {
                next = Math.min(next, file.dueNanos());
            }
            if (next == Long.MAX_VALUE) {
                return 1000;
            }
            return Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()) + 1));
        }
    }

    /** The events of one key. Holds lock. */
    private void handle(WatchKey key, List<FileWritten> written) {
        Watched watched = keys.get(key);
        List<WatchEvent<?>> events = key.pollEvents();
        if (watched == null) {
            key.cancel(); // unwatched meanwhile
            return;
        }
        Set<Path> gone = new HashSet<>();
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                rescanAfterOverflow(watched.volume());
                continue;
            }
            Path path = watched.dir().resolve((Path) event.context());
            if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                reported.remove(path);
                if (settling.remove(path) != null && gone.add(path)) {
                    // written and gone (deleted, or renamed: the watch service cannot tell) before it settled:
                    // reported all the same, so the guard records that it could not be decided
                    written.add(new FileWritten(path, watched.volume(), Actor.unknown(NO_WRITER), clock.instant()));
                }
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
            } catch (IOException e) {
                if (gone.add(path)) {
                    // created or written, and gone before its event was read: reported so it is recorded
                    written.add(new FileWritten(path, watched.volume(), Actor.unknown(NO_WRITER), clock.instant()));
                }
                continue;
            }
            if (attributes.isDirectory()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    walk(path, watched.volume(), Long.MIN_VALUE); // files may be inside already
                }
            } else if (attributes.isRegularFile()) {
                settle(path, watched.volume(), FileState.of(attributes));
            }
        }
        if (!key.reset()) {
            keys.remove(key); // its directory is gone, or the volume
        }
    }

    private void rescanAfterOverflow(Volume volume) {
        long since = quietSinceMillis - COARSE_CLOCK_MILLIS;
        Path mountPoint = volume.mount().mountPoint();
        LOG.warn("the watch service lost events on {}: it is walked again for files modified since {}", mountPoint,
                Instant.ofEpochMilli(since));
        if (volumes.containsKey(mountPoint)) {
            walk(mountPoint, volume, since); // also registers directories whose creation was lost
        }
    }

    /** Holds lock. */
    private void settle(Path path, Volume volume, FileState state) {
        settling.put(path, new Settling(volume, state, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)));
    }

    /** Reports the settling files whose size and time held still and whose writer let go. Holds lock. */
    private void reportSettled(List<FileWritten> written) {
        long now = System.nanoTime();
        List<Map.Entry<Path, Settling>> due = new ArrayList<>();
        for (Map.Entry<Path, Settling> entry : settling.entrySet()) {
            if (entry.getValue().dueNanos() <= now) {
                due.add(entry);
            }
        }
        for (Map.Entry<Path, Settling> entry : due) {
            Path path = entry.getKey();
            Settling file = entry.getValue();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
            } catch (IOException e) {
                settling.remove(path); // gone meanwhile: nothing to report
                continue;
            }
            FileState state = FileState.of(attributes);
            if (!attributes.isRegularFile()) {
                settling.remove(path);
            } else if (!state.equals(file.state()) || !writers.closed(path)) {
                settle(path, file.volume(), state); // still being written
            } else {
                settling.remove(path);
                if (!state.equals(reported.get(path))) {
                    reported.put(path, state);
                    written.add(new FileWritten(path, file.volume(), Actor.unknown(NO_WRITER), clock.instant()));
                }
            }
        }
    }

    /**
     * Registers {@code top}'s directories (elsewhere than Windows) and puts its regular files
     * modified at or after {@code reportModifiedSince} (epoch millis) to settle. Not across
     * symbolic links. Holds lock or is called where the reader cannot run concurrently on it.
     */
    private void walk(Path top, Volume volume, long reportModifiedSince) {
        try {
            Files.walkFileTree(top, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    synchronized (lock) {
                        if (!volumes.containsKey(volume.mount().mountPoint())) {
                            return FileVisitResult.TERMINATE; // unwatched meanwhile
                        }
                        if (!fileTree) {
                            register(dir, volume); // a directory registered again keeps its key
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() >= reportModifiedSince) {
                        synchronized (lock) {
                            FileState state = FileState.of(attributes);
                            if (!state.equals(reported.get(file))) {
                                settle(file, volume, state);
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // gone meanwhile, or not readable by the agent; the name stays out of the log
                    LOG.debug("an entry on {} cannot be read: {}", volume.mount().mountPoint(), e.getClass().getSimpleName());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("a directory on {} cannot be walked: {}", volume.mount().mountPoint(), e.getClass().getSimpleName());
        }
    }

    /** Registers one more directory of a volume (not on Windows, where the tree is one registration). Holds lock. */
    private void register(Path dir, Volume volume) {
        try {
            keys.put(registration.register(service, dir, false), new Watched(dir, volume));
        } catch (IOException | RuntimeException e) {
            if (warned.add(volume.mount().mountPoint() + " " + e.getClass().getSimpleName())) {
                LOG.warn("a directory on {} cannot be watched ({}): files written into such directories are not reported",
                        volume.mount().mountPoint(), e.getMessage());
            }
        }
    }
}

package io.mamori.agent.platform.linux;

import com.sun.jna.Native;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Files written on removable volumes, through inotify: for when fanotify cannot be used (the agent
 * is not root, or a mount refuses fanotify's mark). inotify watches directories, not mounts, so each
 * directory of a volume gets a watch (not following symbolic links, not crossing into other mounts),
 * and a directory created or moved in later gets one when its event is read. A copy such as
 * {@code cp -r} writes files into a new directory before that watch exists, so the new directory is
 * scanned, and the regular files found are reported once their size and modification time have held
 * still for {@value #SETTLE_MILLIS} ms, or at once when their close-write arrives.
 *
 * <p>Reported: files closed after writing ({@code IN_CLOSE_WRITE}) and files renamed into or inside
 * a volume ({@code IN_MOVED_TO}, the final name). The close-write of a temporary name is reported
 * only if the file still has that name when the event is read — usually not, when the rename
 * follows at once. A directory moved in is scanned like a new one, so a directory renamed inside a
 * volume reports its files under their new names. A file a scan finds again unchanged is not
 * reported again, nor is the close-write of a file a scan already reported as it is (it was still
 * open then); every other close-write is. When inotify's queue overflows, events
 * were lost: every volume is walked again and its regular files modified since the queue was last
 * seen empty (less {@value #COARSE_CLOCK_MILLIS} ms for coarse file-system clocks) are reported.
 *
 * <p>inotify does not say who wrote: the actor is the file's owner, with pid and program unknown,
 * and the agent's own writes are reported too. Each directory uses one of the user's
 * {@code fs.inotify.max_user_watches}; beyond it, directories go unwatched (logged once).
 */
final class InotifyFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(InotifyFileActivity.class);
    private static final int EVENT_HEADER_LENGTH = 16;
    private static final long SETTLE_MILLIS = 250;
    private static final long COARSE_CLOCK_MILLIS = 2000;
    private static final int REMEMBERED_REPORTS = 10_000;
    private static final int WATCH_MASK = LibC.IN_CLOSE_WRITE | LibC.IN_MOVED_TO | LibC.IN_MOVED_FROM | LibC.IN_CREATE
            | LibC.IN_DELETE | LibC.IN_ONLYDIR | LibC.IN_DONT_FOLLOW | LibC.IN_EXCL_UNLINK;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** A watched directory. */
    private record Directory(Path path, byte[] bytes, Volume volume, long device) {
    }

    /** A file's size and modification time: what tells whether a file changed since it was reported. */
    private record FileState(long size, long modifiedNanos) {
        static FileState of(BasicFileAttributes attributes) {
            return new FileState(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /** The last report of a path: its state then, and whether a scan found it (rather than an event). */
    private record Reported(FileState state, boolean byScan) {
    }

    /** A file found by a scan, waiting for its size and time to hold still. */
    private record Settling(Volume volume, FileState state, long dueNanos) {
    }

    private final Listener listener;
    private final Clock clock;
    private final ProcessOwners owners = new ProcessOwners(Path.of("/proc"), Path.of("/etc/passwd"));
    private final int fd;
    private final int wakeFd;
    private final Thread thread;
    private volatile boolean running = true;

    // Guarded by lock: the reader thread and the callers of watch/unwatch share them.
    private final Object lock = new Object();
    private final Map<Path, Volume> volumes = new HashMap<>();
    private final Map<Integer, Directory> directories = new HashMap<>();
    private final Map<Path, Settling> settling = new LinkedHashMap<>();
    private final Map<Path, Reported> reported = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Reported> eldest) {
            return size() > REMEMBERED_REPORTS;
        }
    };
    private final Set<String> warned = new HashSet<>();
    private long quietSinceMillis = System.currentTimeMillis();

    private InotifyFileActivity(int fd, int wakeFd, Listener listener, Clock clock) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.listener = listener;
        this.clock = clock;
        this.thread = new Thread(this::readEvents, "mamori-file-activity-inotify");
        thread.setDaemon(true);
        thread.start();
    }

    static InotifyFileActivity start(Listener listener, Clock clock) throws IOException {
        int fd = LibC.INSTANCE.inotify_init1(LibC.IN_NONBLOCK | LibC.IN_CLOEXEC);
        if (fd < 0) {
            throw new IOException("inotify is not available (errno " + Native.getLastError() + ")");
        }
        int wakeFd = LibC.INSTANCE.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wakeFd < 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(fd);
            throw new IOException("no eventfd to stop inotify's reader with (errno " + errno + ")");
        }
        return new InotifyFileActivity(fd, wakeFd, listener, clock);
    }

    @Override
    public void watch(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        long device = device(mountPoint);
        synchronized (lock) {
            if (volumes.putIfAbsent(mountPoint, volume) != null) {
                return;
            }
            int errno = addWatch(mountPoint, volume, device);
            if (errno != 0) {
                volumes.remove(mountPoint);
                throw new IOException("inotify cannot watch " + mountPoint + " (errno " + errno + ")");
            }
        }
        walk(mountPoint, volume, device, Long.MAX_VALUE);
    }

    @Override
    public void unwatch(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        synchronized (lock) {
            if (volumes.remove(mountPoint) == null) {
                return;
            }
            for (Iterator<Map.Entry<Integer, Directory>> it = directories.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Directory> entry = it.next();
                if (entry.getValue().volume().mount().mountPoint().equals(mountPoint)) {
                    // after an unmount the kernel has dropped the watch already; a failure here is expected then
                    LibC.INSTANCE.inotify_rm_watch(fd, entry.getKey());
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
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        LibC.INSTANCE.write(wakeFd, one, one.length);
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.INSTANCE.close(fd);
        LibC.INSTANCE.close(wakeFd);
    }

    private void readEvents() {
        byte[] buffer = new byte[64 * 1024];
        LibC.PollFd[] poll = (LibC.PollFd[]) new LibC.PollFd().toArray(2);
        poll[0].fd = fd;
        poll[1].fd = wakeFd;
        while (running) {
            for (LibC.PollFd entry : poll) {
                entry.events = LibC.POLLIN;
                entry.revents = 0;
            }
            LibC.INSTANCE.poll(poll, poll.length, pollTimeout());
            if (!running) {
                break;
            }
            List<FileWritten> written = new ArrayList<>();
            try {
                synchronized (lock) {
                    if ((poll[0].revents & LibC.POLLIN) != 0) {
                        readAvailable(buffer, written);
                    }
                    reportSettled(written);
                }
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

    private int pollTimeout() {
        synchronized (lock) {
            if (settling.isEmpty()) {
                return -1; // close() wakes the thread through wakeFd
            }
            long next = Long.MAX_VALUE;
            for (Settling file : settling.values()) {
                next = Math.min(next, file.dueNanos());
            }
            return (int) Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()) + 1));
        }
    }

    /** Reads until the queue is empty (bounded, so that settled files get their turn). */
    private void readAvailable(byte[] buffer, List<FileWritten> written) {
        for (int reads = 0; reads < 16; reads++) {
            long readAt = System.currentTimeMillis();
            int length = LibC.INSTANCE.read(fd, buffer, buffer.length);
            if (length <= 0) {
                if (Native.getLastError() == LibC.EAGAIN) {
                    // The queue is empty: events lost later were generated after this moment.
                    quietSinceMillis = readAt;
                }
                return;
            }
            handleEvents(buffer, length, written);
        }
    }

    private void handleEvents(byte[] buffer, int length, List<FileWritten> written) {
        boolean overflowed = false;
        ByteBuffer events = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
        while (events.remaining() >= EVENT_HEADER_LENGTH) {
            int start = events.position();
            int wd = events.getInt(start);
            int mask = events.getInt(start + 4);
            int nameLength = events.getInt(start + 12);
            int nameStart = start + EVENT_HEADER_LENGTH;
            if (nameLength < 0 || nameStart + nameLength > events.limit()) {
                break;
            }
            int nameEnd = nameStart;
            while (nameEnd < nameStart + nameLength && buffer[nameEnd] != 0) {
                nameEnd++; // the name is padded with NULs
            }
            events.position(nameStart + nameLength);
            if ((mask & LibC.IN_Q_OVERFLOW) != 0) {
                overflowed = true;
            } else {
                handle(wd, mask, Arrays.copyOfRange(buffer, nameStart, nameEnd), written);
            }
        }
        if (overflowed) {
            rescanAfterOverflow();
        }
    }

    private void rescanAfterOverflow() {
        long since = quietSinceMillis - COARSE_CLOCK_MILLIS;
        LOG.warn("inotify's queue overflowed: some writes were not reported; volumes are rescanned for files modified since {}",
                Instant.ofEpochMilli(since));
        for (Volume volume : List.copyOf(volumes.values())) {
            Path mountPoint = volume.mount().mountPoint();
            try {
                // also watches the directories whose creation was lost
                walk(mountPoint, volume, device(mountPoint), since);
            } catch (IOException e) {
                LOG.warn("{} cannot be rescanned: {}", mountPoint, e.getClass().getSimpleName());
            }
        }
    }

    private void handle(int wd, int mask, byte[] name, List<FileWritten> written) {
        if ((mask & LibC.IN_IGNORED) != 0) {
            // the directory was deleted, its file system unmounted, or its watch removed
            directories.remove(wd);
            return;
        }
        Directory directory = directories.get(wd);
        if (directory == null || name.length == 0) {
            return; // an event on the directory itself (IN_UNMOUNT), or for a watch already dropped
        }
        Path path = PathBytes.path(PathBytes.child(directory.bytes(), name));
        if ((mask & LibC.IN_ISDIR) != 0) {
            if ((mask & (LibC.IN_CREATE | LibC.IN_MOVED_TO)) != 0) {
                // files may already be inside: cp -r writes them before this event is read
                walk(path, directory.volume(), directory.device(), Long.MIN_VALUE);
            }
        } else if ((mask & (LibC.IN_CLOSE_WRITE | LibC.IN_MOVED_TO)) != 0) {
            settling.remove(path);
            report(path, directory.volume(), false, written);
        } else if ((mask & (LibC.IN_DELETE | LibC.IN_MOVED_FROM)) != 0) {
            reported.remove(path);
            settling.remove(path);
        }
    }

    /** Reports the settling files whose size and time held still; waits longer for those that changed. */
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
            } else if (state.equals(file.state())) {
                settling.remove(path);
                report(path, file.volume(), true, written);
            } else {
                settling.put(path, new Settling(file.volume(), state, now + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)));
            }
        }
    }

    /**
     * Reports the file unless it is a repetition: a file a scan found again unchanged, or a
     * close-write of a file a scan already reported as it is now (it was still open then).
     */
    private void report(Path path, Volume volume, boolean byScan, List<FileWritten> written) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:uid,size,lastModifiedTime,isRegularFile", NO_FOLLOW);
        } catch (IOException e) {
            return; // renamed or deleted before its event was read: its new name has its own event
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return;
        }
        FileState state = new FileState((Long) attributes.get("size"),
                ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        Reported last = reported.get(path);
        if (last != null && last.state().equals(state) && (byScan || last.byScan())) {
            return;
        }
        reported.put(path, new Reported(state, byScan));
        long uid = ((Number) attributes.get("uid")).longValue();
        // inotify does not tell the writing process: the file's owner is the best witness of who wrote it
        Actor actor = new Actor(owners.userName(uid), uid, null, null);
        written.add(new FileWritten(path, volume, actor, clock.instant()));
    }

    /**
     * Watches {@code top} and the directories under it on the same device, and puts the regular
     * files modified at or after {@code reportModifiedSince} (epoch millis) to settle.
     */
    private void walk(Path top, Volume volume, long device, long reportModifiedSince) {
        try {
            Files.walkFileTree(top, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    try {
                        if (device(dir) != device) {
                            return FileVisitResult.SKIP_SUBTREE; // another mount
                        }
                    } catch (IOException e) {
                        return FileVisitResult.SKIP_SUBTREE; // gone meanwhile
                    }
                    synchronized (lock) {
                        if (!volumes.containsKey(volume.mount().mountPoint())) {
                            return FileVisitResult.TERMINATE; // unwatched meanwhile
                        }
                        addWatch(dir, volume, device);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() >= reportModifiedSince) {
                        FileState state = FileState.of(attributes);
                        synchronized (lock) {
                            Reported last = reported.get(file);
                            if (last == null || !last.state().equals(state)) {
                                settling.put(file, new Settling(volume, state,
                                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)));
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

    /** Adds a watch for the directory: 0, or inotify's errno, with the reason logged. Holds lock. */
    private int addWatch(Path dir, Volume volume, long device) {
        byte[] bytes = PathBytes.of(dir);
        int wd = LibC.INSTANCE.inotify_add_watch(fd, PathBytes.terminated(bytes), WATCH_MASK);
        if (wd >= 0) {
            // a directory renamed inside the volume keeps its watch: the same wd, a new path
            directories.put(wd, new Directory(dir, bytes, volume, device));
            return 0;
        }
        int errno = Native.getLastError();
        Path mountPoint = volume.mount().mountPoint();
        if (errno == LibC.ENOSPC) {
            if (warned.add("limit")) {
                LOG.warn("inotify's watch limit is reached (fs.inotify.max_user_watches = {}): new directories on {} and other volumes"
                        + " are not watched and files written into them are not reported; raise the limit with sysctl",
                        maxUserWatches(), mountPoint);
            }
        } else if (errno != LibC.ENOENT && errno != LibC.ENOTDIR && warned.add(mountPoint + " " + errno)) {
            // ENOENT and ENOTDIR: the directory was removed or replaced meanwhile, nothing is lost
            LOG.warn("a directory on {} cannot be watched (errno {}): files written into such directories are not reported",
                    mountPoint, errno);
        }
        return errno;
    }

    private static long device(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:dev", NO_FOLLOW)).longValue();
    }

    private static String maxUserWatches() {
        try {
            // one read from offset 0: a sysctl file read piecewise (Files.readString) gives its first byte only
            return Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_user_watches")).get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

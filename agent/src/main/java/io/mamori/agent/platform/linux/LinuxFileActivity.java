package io.mamori.agent.platform.linux;

import com.sun.jna.Native;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files written on removable volumes, through fanotify: one mark per mount ({@code FAN_MARK_MOUNT})
 * for {@code FAN_CLOSE_WRITE}. Each event carries an open descriptor of the file (its path comes
 * from {@code /proc/self/fd}) and the writer's pid (its user and program come from
 * {@code /proc/<pid>}, or — when the writer has already exited — the user from the file's owner).
 * Needs CAP_SYS_ADMIN. A mount that refuses the mark makes {@link #watch} fail, so that the caller
 * can watch it with inotify instead. FUSE mounts (exFAT through exfat-fuse) take the mark on
 * kernel 6.18 and report writes made through them; they refuse only marks that report file ids,
 * which this class does not ask for (ENODEV). The agent's own writes are not reported.
 */
final class LinuxFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxFileActivity.class);
    private static final int METADATA_LENGTH = 24;

    private final Listener listener;
    private final Clock clock;
    private final Map<Path, Volume> watched = new ConcurrentHashMap<>();
    private final long self = ProcessHandle.current().pid();
    private final ProcessOwners owners = new ProcessOwners(Path.of("/proc"), Path.of("/etc/passwd"));
    private final int fd;
    private final Thread thread;
    private volatile boolean running = true;
    private final Wakeup wakeup;

    private LinuxFileActivity(int fd, Wakeup wakeup, Listener listener, Clock clock) {
        this.fd = fd;
        this.wakeup = wakeup;
        this.listener = listener;
        this.clock = clock;
        this.thread = new Thread(this::readEvents, "mamori-file-activity");
        thread.setDaemon(true);
        thread.start();
    }

    static LinuxFileActivity start(Listener listener, Clock clock) throws IOException {
        int fd = LibC.INSTANCE.fanotify_init(LibC.FAN_CLOEXEC | LibC.FAN_CLASS_NOTIF,
                LibC.O_RDONLY | LibC.O_LARGEFILE | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("fanotify is not available (errno " + Native.getLastError() + "; it needs CAP_SYS_ADMIN)");
        }
        Wakeup wakeup;
        try {
            wakeup = Wakeup.create();
        } catch (IOException e) {
            LibC.INSTANCE.close(fd);
            throw e;
        }
        return new LinuxFileActivity(fd, wakeup, listener, clock);
    }

    @Override
    public void watch(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        int result = LibC.INSTANCE.fanotify_mark(fd, LibC.FAN_MARK_ADD | LibC.FAN_MARK_MOUNT, LibC.FAN_CLOSE_WRITE, LibC.AT_FDCWD,
                mountPoint.toString());
        if (result < 0) {
            int errno = Native.getLastError();
            throw new IOException("fanotify cannot watch " + mountPoint + " (errno " + errno + ")");
        }
        watched.put(mountPoint, volume);
    }

    @Override
    public void unwatch(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        if (watched.remove(mountPoint) != null) {
            // after an unmount the kernel has dropped the mark already; a failure here is expected then
            LibC.INSTANCE.fanotify_mark(fd, LibC.FAN_MARK_REMOVE | LibC.FAN_MARK_MOUNT, LibC.FAN_CLOSE_WRITE, LibC.AT_FDCWD,
                    mountPoint.toString());
        }
    }

    private void readEvents() {
        byte[] buffer = new byte[64 * 1024];
        LibC.PollFd[] poll = wakeup.pollSet(fd);
        while (running) {
            if (!Wakeup.await(poll, LibC.POLLIN) || !running) {
                continue;
            }
            int length = LibC.INSTANCE.read(fd, buffer, buffer.length);
            if (length <= 0) {
                continue;
            }
            ByteBuffer events = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
            while (events.remaining() >= METADATA_LENGTH) {
                int start = events.position();
                int eventLength = events.getInt(start);
                int eventFd = events.getInt(start + 16);
                int pid = events.getInt(start + 20);
                if (eventLength < METADATA_LENGTH) {
                    break;
                }
                events.position(start + eventLength);
                if (eventFd < 0) {
                    LOG.warn("fanotify's queue overflowed: some writes were not reported; volumes are rescanned");
                    continue;
                }
                try {
                    report(eventFd, pid);
                } catch (RuntimeException e) {
                    LOG.error("a file event could not be handled: {}", e.getMessage(), e);
                } finally {
                    LibC.INSTANCE.close(eventFd);
                }
            }
        }
    }

    private void report(int eventFd, int pid) {
        if (pid == self) {
            return;
        }
        Path path;
        try {
            path = Files.readSymbolicLink(Path.of("/proc/self/fd/" + eventFd));
        } catch (IOException e) {
            return; // the file is already gone
        }
        Volume volume = null;
        for (Map.Entry<Path, Volume> entry : watched.entrySet()) {
            if (path.startsWith(entry.getKey()) && (volume == null
                    || entry.getKey().getNameCount() > volume.mount().mountPoint().getNameCount())) {
                volume = entry.getValue();
            }
        }
        if (volume == null) {
            return;
        }
        Actor actor = owners.actor(pid);
        if (actor.uid() == null) {
            // A short-lived writer (cp) has often exited before its event is read; the new file's
            // owner is then the best witness of who wrote it. The program stays unknown.
            try {
                Object owner = Files.getAttribute(Path.of("/proc/self/fd/" + eventFd), "unix:uid");
                long uid = ((Number) owner).longValue();
                actor = new Actor(owners.userName(uid), uid, (long) pid, null);
            } catch (IOException | RuntimeException e) {
                // keep the pid alone
            }
        }
        listener.written(new FileWritten(path, volume, actor, clock.instant()));
    }

    @Override
    public void close() {
        running = false;
        wakeup.wake();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.INSTANCE.close(fd);
        wakeup.close();
    }
}

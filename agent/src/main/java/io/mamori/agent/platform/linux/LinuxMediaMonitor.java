package io.mamori.agent.platform.linux;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts on Linux, without polling delays: the kernel marks {@code /proc/self/mountinfo} with
 * POLLPRI when the mount table changes, so a thread waits in poll(2) on it and compares the
 * table before and after. A mount is a removable volume when sysfs says its device is removable
 * or hangs off USB, or when a configured {@link RemovableMatcher} claims its loop device.
 */
final class LinuxMediaMonitor implements MediaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxMediaMonitor.class);

    private final Path mountinfo;
    private final RemovableDevices devices;
    private final Map<Integer, Volume> volumes = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;
    private int fd = -1;
    private Wakeup wakeup;

    LinuxMediaMonitor(Path mountinfo, SysfsBlockDevices devices, List<RemovableMatcher> matchers) {
        this.mountinfo = mountinfo;
        this.devices = new RemovableDevices(devices, matchers);
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        if (running) {
            throw new IllegalStateException("already started");
        }
        fd = LibC.INSTANCE.open(mountinfo.toString(), LibC.O_RDONLY);
        if (fd < 0) {
            throw new IOException("cannot open " + mountinfo + " to watch the mount table");
        }
        wakeup = Wakeup.create();
        MountTable first = MountTable.parse(Files.readString(mountinfo));
        running = true;
        for (Mount mount : first.mounts()) {
            volume(mount).ifPresent(v -> {
                volumes.put(mount.mountId(), v);
                listener.mounted(v);
            });
        }
        thread = new Thread(() -> watch(first, listener), "mamori-media-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(MountTable initial, Listener listener) {
        MountTable before = initial;
        LibC.PollFd[] poll = wakeup.pollSet(fd);
        while (running) {
            // wakes at once when the table changes, or when close() wakes it
            boolean tableChanged = Wakeup.await(poll, LibC.POLLPRI);
            if (!running) {
                return;
            }
            if (!tableChanged) {
                continue;
            }
            try {
                MountTable now = MountTable.parse(Files.readString(mountinfo));
                for (Mount gone : now.removedSince(before)) {
                    Volume volume = volumes.remove(gone.mountId());
                    if (volume != null) {
                        listener.unmounted(volume);
                    }
                }
                for (Mount added : now.addedSince(before)) {
                    volume(added).ifPresent(v -> {
                        volumes.put(added.mountId(), v);
                        listener.mounted(v);
                    });
                }
                for (Mount changed : now.remountedSince(before)) {
                    Volume old = volumes.get(changed.mountId());
                    if (old != null) {
                        Volume updated = new Volume(changed, old.identity());
                        volumes.put(changed.mountId(), updated);
                        listener.remounted(updated);
                    }
                }
                before = now;
            } catch (IOException | RuntimeException e) {
                LOG.error("reading the mount table failed: {}", e.getMessage(), e);
            }
        }
    }

    /** The mount as a removable volume, or empty if it is not one. */
    private Optional<Volume> volume(Mount mount) {
        try {
            return devices.identify(mount.device()).map(identity -> new Volume(mount, identity));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot identify the device of {} ({}): {}", mount.mountPoint(), mount.device(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<Volume> mounted() {
        return new ArrayList<>(volumes.values());
    }

    @Override
    public synchronized void close() {
        running = false;
        if (wakeup != null) {
            wakeup.wake();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
        if (wakeup != null) {
            wakeup.close();
            wakeup = null;
        }
    }
}

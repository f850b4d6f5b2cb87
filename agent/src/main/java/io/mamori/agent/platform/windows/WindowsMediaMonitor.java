package io.mamori.agent.platform.windows;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removable volumes on Windows, driven by the service's device events: an arrival or removal of a
 * volume or disk interface makes the monitor enumerate the removable volumes again (on its own
 * thread) and report the difference. Each watched volume also has a handle registration, so that
 * on {@code DBT_DEVICEQUERYREMOVE} the agent lets go of the volume — its file watch and its own
 * handle — before Windows removes it ("You must close all handles to the device or the device
 * removal will fail", DBT_DEVICEQUERYREMOVE on learn.microsoft.com). That one step runs on the
 * handler's thread, because Windows goes on with the removal when the handler returns.
 *
 * <p>A volume that arrives without a drive letter is retried a few times, then kept in
 * {@link #pending()} as not watchable, with a log line; the listener is told nothing of it. Where
 * Windows refuses the device notifications at start, the monitor hands everything to the fallback
 * monitor and says so through {@code degraded}.
 */
final class WindowsMediaMonitor implements DeviceEventMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(WindowsMediaMonitor.class);
    /** GUID_DEVINTERFACE_VOLUME (ntddstor.h). */
    static final String VOLUME_INTERFACE = "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}";

    /**
     * A volume seen in a device event that has no drive letter (yet).
     *
     * @param attempts   how often its letter was looked for
     * @param watchable  false once the monitor gave up: it is not watched
     */
    record Pending(String volumeGuidPath, int attempts, boolean watchable) {
    }

    private final RemovableVolumes scanner;
    private final DeviceNotifications notifications;
    private final Worker worker;
    private final MediaMonitor fallback;
    private final Consumer<String> degraded;
    private final Consumer<Volume> letGo;
    private final int pointerSize;
    private final int letterAttempts;
    private final Duration letterDelay;
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Map<Long, String> handleWatches = new ConcurrentHashMap<>();
    private final Map<String, Boolean> letGoOf = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Listener listener;
    private volatile boolean onFallback;

    /**
     * @param fallback       the monitor to use where device notifications cannot be had
     * @param degraded       told, in one line, why the fallback is in use
     * @param letGo          called with a watched volume Windows is about to remove: cancel its file watch
     * @param pointerSize    {@code Native.POINTER_SIZE}: the layout of DEV_BROADCAST_HANDLE depends on it
     * @param letterAttempts how often to look for the drive letter of a new volume
     * @param letterDelay    how long to wait between those looks
     */
    WindowsMediaMonitor(RemovableVolumes scanner, DeviceNotifications notifications, Worker worker, MediaMonitor fallback,
            Consumer<String> degraded, Consumer<Volume> letGo, int pointerSize, int letterAttempts, Duration letterDelay) {
        this.scanner = scanner;
        this.notifications = notifications;
        this.worker = worker;
        this.fallback = fallback;
        this.degraded = degraded;
        this.letGo = letGo;
        this.pointerSize = pointerSize;
        this.letterAttempts = letterAttempts;
        this.letterDelay = letterDelay;
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        try {
            notifications.registerInterfaces();
        } catch (IOException | RuntimeException e) {
            onFallback = true;
            String reason = "Windows device notifications could not be registered (" + e.getMessage()
                    + "); removable volumes are found by the fallback monitor instead";
            LOG.warn(reason);
            degraded.accept(reason);
            fallback.start(listener);
            return;
        }
        rescan(); // volumes already mounted are reported first, on the caller's thread
    }

    @Override
    public void deviceEvent(int eventType, ByteBuffer data) {
        try {
            if (onFallback || listener == null) {
                return;
            }
            DeviceBroadcast.EventType type = DeviceBroadcast.EventType.of(eventType);
            DeviceBroadcast broadcast = DeviceBroadcast.parse(data, pointerSize);
            if (broadcast instanceof DeviceBroadcast.Rejected rejected) {
                LOG.warn("device event {} (0x{}) has data the agent cannot read: {}; enumerating the volumes again instead",
                        type, Integer.toHexString(eventType), rejected.reason());
                schedule(this::rescan);
            } else if (broadcast instanceof DeviceBroadcast.DeviceInterface arrived && type == DeviceBroadcast.EventType.ARRIVAL
                    && VOLUME_INTERFACE.equals(arrived.classGuid())) {
                schedule(() -> volumeArrived(arrived.name()));
            } else if (broadcast instanceof DeviceBroadcast.DeviceInterface) {
                if (type == DeviceBroadcast.EventType.ARRIVAL || type == DeviceBroadcast.EventType.REMOVE_COMPLETE) {
                    schedule(this::rescan);
                }
            } else if (broadcast instanceof DeviceBroadcast.Handle handle) {
                handleEvent(type, handle);
            }
        } catch (RuntimeException e) {
            LOG.error("handling device event 0x{} failed: {}", Integer.toHexString(eventType), e.getMessage(), e);
        }
    }

    private void handleEvent(DeviceBroadcast.EventType type, DeviceBroadcast.Handle handle) {
        switch (type) {
            case QUERY_REMOVE -> letGoOfHandle(handle.notification()); // here, before the handler returns
            case QUERY_REMOVE_FAILED -> schedule(this::rescan); // still there: watched again by the rescan
            case REMOVE_PENDING, REMOVE_COMPLETE -> {
                letGoOfHandle(handle.notification());
                schedule(this::rescan);
            }
            default -> {
            }
        }
    }

    /** Lets go of the volume behind a handle registration: its file watch, then our own handle. */
    private void letGoOfHandle(long notification) {
        String guid = handleWatches.remove(notification);
        if (guid == null) {
            return; // already let go, or not one of ours
        }
        Volume volume = volumes.get(guid);
        if (volume != null) {
            letGoOf.put(guid, Boolean.TRUE);
            try {
                letGo.accept(volume);
            } catch (RuntimeException e) {
                LOG.error("letting go of the file watch of {} failed: {}", volume.mount().mountPoint(), e.getMessage(), e);
            }
            LOG.info("{} ({}) is about to be removed: its watch is let go", volume.mount().mountPoint(), volume.identity().shortName());
        }
        notifications.releaseHandle(notification);
    }

    private void volumeArrived(String interfaceName) {
        var guid = scanner.volumeOfInterface(interfaceName);
        if (guid.isEmpty()) {
            LOG.warn("a volume arrived whose interface has no volume GUID path ({}); enumerating the volumes again",
                    DeviceBroadcast.clip(interfaceName, 60));
            rescan();
            return;
        }
        lookForLetter(guid.get());
    }

    private void lookForLetter(String guid) {
        String key = key(guid);
        Pending before = pending.get(key);
        int attempts = (before == null ? 0 : before.attempts()) + 1;
        boolean lettered;
        try {
            lettered = scanner.letterOf(guid).isPresent();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read where volume {} is mounted: {}", guid, e.getMessage());
            lettered = false;
        }
        if (lettered) {
            pending.remove(key);
            rescan();
        } else if (attempts < letterAttempts) {
            pending.put(key, new Pending(guid, attempts, true));
            LOG.info("volume {} has no drive letter yet (try {} of {}); looking again in {} ms", guid, attempts, letterAttempts,
                    letterDelay.toMillis());
            worker.runAfter(letterDelay, () -> lookForLetter(guid));
        } else {
            pending.put(key, new Pending(guid, attempts, false));
            LOG.warn("volume {} still has no drive letter after {} tries: it is not watched (mounted in a folder or not at all)",
                    guid, attempts);
        }
    }

    /** Enumerates the removable volumes and reports what changed since the last time. */
    synchronized void rescan() {
        Listener to = listener;
        if (to == null) {
            return;
        }
        List<Volume> now;
        try {
            now = scanner.scan();
        } catch (IOException | RuntimeException e) {
            LOG.error("enumerating the removable volumes failed, keeping the last known ones: {}", e.getMessage(), e);
            return;
        }
        Map<String, Volume> seen = new HashMap<>();
        now.forEach(v -> seen.put(key(v.mount().device()), v));
        for (String gone : new ArrayList<>(volumes.keySet())) {
            if (!seen.containsKey(gone)) {
                Volume volume = volumes.remove(gone);
                stopWatchingHandle(gone);
                letGoOf.remove(gone);
                to.unmounted(volume);
            }
        }
        for (Map.Entry<String, Volume> entry : seen.entrySet()) {
            String guid = entry.getKey();
            Volume volume = entry.getValue();
            Volume old = volumes.put(guid, volume);
            pending.remove(guid);
            if (old == null) {
                watchHandle(volume);
                to.mounted(volume);
            } else if (letGoOf.remove(guid) != null) {
                // its removal was vetoed after we let go: watched again from scratch
                watchHandle(volume);
                to.unmounted(old);
                to.mounted(volume);
            } else if (!old.mount().options().equals(volume.mount().options())) {
                to.remounted(volume);
            }
        }
    }

    private void watchHandle(Volume volume) {
        String guid = volume.mount().device();
        try {
            long notification = notifications.watchHandle(guid);
            handleWatches.put(notification, key(guid));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot register for removal requests of {}: a safe removal of it may be refused while it is watched ({})",
                    volume.mount().mountPoint(), e.getMessage());
        }
    }

    private void stopWatchingHandle(String key) {
        handleWatches.entrySet().removeIf(entry -> {
            if (entry.getValue().equals(key)) {
                notifications.releaseHandle(entry.getKey());
                return true;
            }
            return false;
        });
    }

    private void schedule(Runnable task) {
        try {
            worker.run(task);
        } catch (RuntimeException e) {
            LOG.warn("the media monitor's thread took no more work (closing?): {}", e.getMessage());
        }
    }

    private static String key(String volumeGuidPath) {
        return volumeGuidPath.toLowerCase(Locale.ROOT);
    }

    /** Volumes seen without a drive letter: still being looked at, or given up as not watchable. */
    List<Pending> pending() {
        return List.copyOf(pending.values());
    }

    @Override
    public List<Volume> mounted() {
        return onFallback ? fallback.mounted() : new ArrayList<>(volumes.values());
    }

    @Override
    public synchronized void close() {
        if (onFallback) {
            fallback.close();
        }
        worker.close();
        handleWatches.keySet().forEach(notifications::releaseHandle);
        handleWatches.clear();
        notifications.close();
    }
}

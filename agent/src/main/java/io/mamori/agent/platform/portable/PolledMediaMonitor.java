package io.mamori.agent.platform.portable;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removable volumes found by looking, on any OS: the mounted file stores are listed every
 * {@code interval} and compared with the last listing. A store that appeared is asked about once
 * ({@link StoreIdentities}); one that went is reported unmounted; one whose read-only option
 * changed is reported remounted. A listing that fails changes nothing: "could not look" is not
 * "unplugged". Each volume gets a mount id of its own for as long as it stays mounted.
 */
final class PolledMediaMonitor implements MediaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(PolledMediaMonitor.class);

    private final FileStores stores;
    private final StoreIdentities identities;
    private final Duration interval;
    private final AtomicInteger nextMountId = new AtomicInteger(1);
    /** By {@link MountedStore#key()}; read by {@link #mounted()} from any thread. */
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    /** Stores already found not to be removable media: not asked again while they stay mounted. */
    private final Set<String> notRemovable = new HashSet<>();
    private String lastFailure;
    private ScheduledExecutorService timer;

    PolledMediaMonitor(FileStores stores, StoreIdentities identities, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the polling interval must be positive: " + interval);
        }
        this.stores = stores;
        this.identities = identities;
        this.interval = interval;
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        look(listener, stores.now()); // volumes already mounted are reported first, before start returns
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mamori-media-poll");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> poll(listener), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(Listener listener) {
        List<MountedStore> now;
        try {
            now = stores.now();
        } catch (IOException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                LOG.warn("listing the mounted volumes failed ({}); what was mounted is kept as it was", e.getMessage());
                lastFailure = String.valueOf(e.getMessage());
            }
            return;
        }
        lastFailure = null;
        try {
            look(listener, now);
        } catch (RuntimeException e) {
            LOG.error("comparing the mounted volumes failed: {}", e.getMessage(), e);
        }
    }

    /** Compares a listing with the volumes known, and reports the difference. */
    private void look(Listener listener, List<MountedStore> now) {
        Map<String, MountedStore> listed = new LinkedHashMap<>();
        for (MountedStore store : now) {
            listed.putIfAbsent(store.key(), store);
        }
        for (String key : new ArrayList<>(volumes.keySet())) {
            if (!listed.containsKey(key)) {
                Volume gone = volumes.remove(key);
                tell(() -> listener.unmounted(gone), "unmounted", gone);
            }
        }
        notRemovable.retainAll(listed.keySet());
        for (MountedStore store : listed.values()) {
            Volume known = volumes.get(store.key());
            if (known != null) {
                if (known.mount().readOnly() != store.readOnly()) {
                    Volume changed = new Volume(mount(known.mount().mountId(), store), known.identity());
                    volumes.put(store.key(), changed);
                    tell(() -> listener.remounted(changed), "remounted", changed);
                }
            } else if (!notRemovable.contains(store.key())) {
                identify(store).ifPresent(identity -> {
                    Volume volume = new Volume(mount(nextMountId.getAndIncrement(), store), identity);
                    volumes.put(store.key(), volume);
                    tell(() -> listener.mounted(volume), "mounted", volume);
                });
            }
        }
    }

    /** The store's device if it is removable media; empty (and remembered) if not; empty (and asked again) if unknown. */
    private Optional<DeviceIdentity> identify(MountedStore store) {
        try {
            Optional<DeviceIdentity> identity = identities.removable(store);
            if (identity.isEmpty()) {
                notRemovable.add(store.key());
            }
            return identity;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell whether {} ({}) is removable media: {}; asked again on the next look", store.mountPoint(),
                    store.volume(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Mount mount(int mountId, MountedStore store) {
        return new Mount(mountId, store.volume(), store.mountPoint(), store.options(), store.fsType(), store.volume());
    }

    private static void tell(Runnable report, String what, Volume volume) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.error("the {} report of {} failed: {}", what, volume.mount().mountPoint(), e.getMessage(), e);
        }
    }

    @Override
    public List<Volume> mounted() {
        return new ArrayList<>(volumes.values());
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

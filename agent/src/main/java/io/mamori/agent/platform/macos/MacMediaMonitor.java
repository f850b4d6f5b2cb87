package io.mamori.agent.platform.macos;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removable volumes on macOS from DiskArbitration's callbacks (PLATFORMS.md §8): a removable disk
 * whose description gains a {@code DAVolumePath} is mounted, one that loses it or disappears is
 * unmounted, one whose read-only state changes is remounted. A disk without a volume path (a whole
 * disk, or a partition not mounted yet) is kept in {@link #pending()} with a debug line, and
 * reported when its path arrives. Volumes already mounted are reported as DiskArbitration replays
 * them after the session is scheduled, on the session's thread, before any later change.
 *
 * <p>The session also answers DiskArbitration's mount-approval question: a removable disk whose
 * identity {@code refuse} accepts is refused (a dissenter), and one whose check fails is refused
 * too. This acts before anything is written, but only on mounts that go through diskarbitrationd:
 * a {@code mount(8)} by an administrator bypasses it (Santa uses Endpoint Security's AUTH_MOUNT for
 * that, which Java cannot reach, PLATFORMS.md §10).
 *
 * <p>Where the session cannot be created or scheduled, everything is handed to {@code fallback}
 * and {@code degraded} hears why, in one line.
 */
final class MacMediaMonitor implements MediaMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(MacMediaMonitor.class);
    static final String REFUSAL = "Mamori: this device is not allowed on this Mac";

    private final DiskArbitrationNative diskArbitration;
    private final MacDeviceIdentities identities;
    private final Predicate<Path> mountedReadOnly;
    private final MediaMonitor fallback;
    private final Consumer<String> degraded;
    private final Predicate<DeviceIdentity> refuse;
    private final AtomicInteger nextMountId = new AtomicInteger(1);
    private final Map<String, Integer> mountIds = new ConcurrentHashMap<>();
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    private final Map<String, DiskDescription> pending = new ConcurrentHashMap<>();
    private final Map<String, DeviceIdentity> known = new ConcurrentHashMap<>();
    private final Set<String> notRemovable = ConcurrentHashMap.newKeySet();
    private volatile Listener listener;
    private volatile boolean onFallback;

    /**
     * @param mountedReadOnly whether the volume at a path is mounted read-only (its mount flags)
     * @param refuse          which devices to refuse at mount; the predicate that refuses nothing is the default
     */
    MacMediaMonitor(DiskArbitrationNative diskArbitration, MacDeviceIdentities identities, Predicate<Path> mountedReadOnly,
            MediaMonitor fallback, Consumer<String> degraded, Predicate<DeviceIdentity> refuse) {
        this.diskArbitration = diskArbitration;
        this.identities = identities;
        this.mountedReadOnly = mountedReadOnly;
        this.fallback = fallback;
        this.degraded = degraded;
        this.refuse = refuse;
    }

    @Override
    public synchronized void start(Listener listener) throws IOException {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        try {
            diskArbitration.start(new Events());
        } catch (IOException | RuntimeException | LinkageError e) {
            onFallback = true;
            String reason = "the DiskArbitration session could not be started (" + OsText.clip(e.getMessage(), 200)
                    + "); removable volumes are found by the fallback monitor instead, and mounts are not refused";
            LOG.warn(reason);
            degraded.accept(reason);
            fallback.start(listener);
        }
    }

    private final class Events implements DiskArbitrationNative.Events {
        @Override
        public void appeared(String bsdName, Map<String, Object> description) {
            update(bsdName, new DiskDescription(description));
        }

        @Override
        public void changed(String bsdName, Map<String, Object> description) {
            update(bsdName, new DiskDescription(description));
        }

        @Override
        public void disappeared(String bsdName, Map<String, Object> description) {
            gone(new DiskDescription(description).bsdName(bsdName));
        }

        @Override
        public String approveMount(String bsdName, Map<String, Object> description) {
            return approve(bsdName, new DiskDescription(description));
        }
    }

    /** A disk appeared or its description changed: compared with what is known of it. */
    private synchronized void update(String given, DiskDescription disk) {
        String bsd = disk.bsdName(given);
        if (BsdName.of(bsd).isEmpty()) {
            LOG.warn("DiskArbitration described a disk without a usable BSD name ({}): it is not watched", disk);
            return;
        }
        if (!disk.removable()) {
            if (notRemovable.add(bsd)) {
                LOG.debug("{} is not removable media: not watched", disk);
            }
            return;
        }
        notRemovable.remove(bsd);
        Optional<Path> path = disk.volumePath();
        Volume before = volumes.get(bsd);
        if (path.isEmpty()) {
            if (before != null) {
                volumes.remove(bsd);
                tell(to -> to.unmounted(before), "unmounted", before);
            }
            if (pending.put(bsd, disk) == null) {
                LOG.debug("{} is not mounted yet: kept pending until DiskArbitration gives it a volume path", disk);
            }
            return;
        }
        pending.remove(bsd);
        int mountId = mountIds.computeIfAbsent(bsd, b -> nextMountId.getAndIncrement());
        boolean readOnly = readOnly(path.get());
        Mount mount = disk.mount(mountId, bsd, readOnly).orElseThrow();
        if (before == null) {
            Volume volume = new Volume(mount, known.computeIfAbsent(bsd, b -> identities.identify(b, disk)));
            volumes.put(bsd, volume);
            LOG.info("{} mounted at {} ({})", bsd, OsText.clip(mount.mountPoint().toString()), volume.identity().shortName());
            tell(to -> to.mounted(volume), "mounted", volume);
        } else if (!before.mount().mountPoint().equals(mount.mountPoint())) {
            Volume volume = new Volume(mount, before.identity());
            volumes.put(bsd, volume);
            tell(to -> to.unmounted(before), "unmounted", before);
            tell(to -> to.mounted(volume), "mounted", volume);
        } else if (before.mount().readOnly() != mount.readOnly()) {
            Volume volume = new Volume(mount, before.identity());
            volumes.put(bsd, volume);
            tell(to -> to.remounted(volume), "remounted", volume);
        }
    }

    private boolean readOnly(Path mountPoint) {
        try {
            return mountedReadOnly.test(mountPoint);
        } catch (RuntimeException e) {
            LOG.warn("the mount flags of {} cannot be read ({}): taken as writable", OsText.clip(mountPoint.toString()), e.toString());
            return false; // the safe side for a DLP agent: a writable volume is watched and enforced on
        }
    }

    private synchronized void gone(String bsd) {
        pending.remove(bsd);
        notRemovable.remove(bsd);
        known.remove(bsd);
        Volume before = volumes.remove(bsd);
        if (before != null) {
            tell(to -> to.unmounted(before), "unmounted", before);
        }
    }

    /** DiskArbitration asks whether a disk may mount: null lets it, a message refuses it. */
    private String approve(String given, DiskDescription disk) {
        String bsd = disk.bsdName(given);
        if (!disk.removable()) {
            return null;
        }
        try {
            DeviceIdentity identity = identities.identify(bsd, disk);
            known.put(bsd, identity);
            if (refuse.test(identity)) {
                LOG.info("the mount of {} ({}) is refused by policy", bsd, identity.shortName());
                return REFUSAL;
            }
            return null;
        } catch (RuntimeException e) {
            LOG.error("the mount of {} could not be checked ({}): it is refused", bsd, e.toString(), e);
            return REFUSAL;
        }
    }

    private void tell(Consumer<Listener> report, String what, Volume volume) {
        Listener to = listener;
        if (to == null) {
            return;
        }
        try {
            report.accept(to);
        } catch (RuntimeException e) {
            LOG.error("the {} report of {} failed: {}", what, OsText.clip(volume.mount().mountPoint().toString()), e.getMessage(), e);
        }
    }

    /** BSD names of removable disks seen without a volume path (whole disks, partitions not mounted yet). */
    List<String> pending() {
        return List.copyOf(pending.keySet());
    }

    @Override
    public List<Volume> mounted() {
        return onFallback ? fallback.mounted() : new ArrayList<>(volumes.values());
    }

    @Override
    public synchronized void close() {
        if (onFallback) {
            fallback.close();
        } else {
            diskArbitration.close();
        }
    }
}

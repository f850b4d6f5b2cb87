package io.mamori.agent.copy;

import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.policy.Decision;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The removable volumes mounted now, and which of them are watched for files (a read-only or
 * refused one is not). Thread-safe.
 */
final class MountedVolumes {

    private final Map<Path, Volume> present = new ConcurrentHashMap<>();
    private final Map<Path, Volume> watched = new ConcurrentHashMap<>();
    /** Volumes whose device decision (read-only, deny) the OS could not carry out: it is carried out on each file. */
    private final Map<Path, Decision> stoppedPerFile = new ConcurrentHashMap<>();

    void mounted(Volume volume) {
        present.put(volume.mount().mountPoint(), volume);
    }

    void watching(Volume volume) {
        watched.put(volume.mount().mountPoint(), volume);
    }

    /** The volume is no longer watched (made read-only while mounted); its watcher is stopped by the caller. */
    void notWatching(Volume volume) {
        watched.remove(volume.mount().mountPoint());
    }

    /** The volume's device decision is carried out at the device again, or no longer restricts it. */
    void stopAtDevice(Volume volume) {
        stoppedPerFile.remove(volume.mount().mountPoint());
    }

    /** The volume is gone; true if it was being watched. */
    boolean gone(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        present.remove(mountPoint);
        stoppedPerFile.remove(mountPoint);
        return watched.remove(mountPoint) != null;
    }

    /** The device's decision could not be carried out on the volume: every file written to it is to be quarantined. */
    void stopEachFile(Volume volume, Decision device) {
        stoppedPerFile.put(volume.mount().mountPoint(), device);
    }

    /** The device decision carried out on each file of this volume, if it is one whose device could not be stopped. */
    Optional<Decision> stoppedPerFile(Volume volume) {
        return Optional.ofNullable(stoppedPerFile.get(volume.mount().mountPoint()));
    }

    boolean watched(Volume volume) {
        return watched.containsKey(volume.mount().mountPoint());
    }

    /** True for a path on a removable volume mounted now, whatever was decided for it. */
    boolean onRemovableVolume(Path path) {
        Path absolute = path.toAbsolutePath();
        return present.keySet().stream().anyMatch(absolute::startsWith);
    }

    List<Volume> watchedVolumes() {
        return List.copyOf(watched.values());
    }

    /** The mounted, watched volume of this device that files may be written to, if any. */
    Optional<Volume> of(DeviceIdentity device) {
        for (Volume volume : watched.values()) {
            if (sameDevice(volume.identity(), device) && !stoppedPerFile.containsKey(volume.mount().mountPoint())) {
                return Optional.of(volume);
            }
        }
        return Optional.empty();
    }

    /** Same stick: by vendor, product and serial where both have a serial, else by file-system id. */
    static boolean sameDevice(DeviceIdentity a, DeviceIdentity b) {
        if (a.serial() != null && b.serial() != null) {
            return a.serial().equals(b.serial()) && Objects.equals(a.vendorId(), b.vendorId())
                    && Objects.equals(a.productId(), b.productId());
        }
        return a.fsUuid() != null && a.fsUuid().equals(b.fsUuid());
    }
}

package io.mamori.agent.copy;

import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
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

    void mounted(Volume volume) {
        present.put(volume.mount().mountPoint(), volume);
    }

    void watching(Volume volume) {
        watched.put(volume.mount().mountPoint(), volume);
    }

    /** The volume is gone; true if it was being watched. */
    boolean gone(Volume volume) {
        Path mountPoint = volume.mount().mountPoint();
        present.remove(mountPoint);
        return watched.remove(mountPoint) != null;
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

    /** The mounted, watched volume of this device, if any. */
    Optional<Volume> of(DeviceIdentity device) {
        for (Volume volume : watched.values()) {
            if (sameDevice(volume.identity(), device)) {
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

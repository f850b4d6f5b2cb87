package io.mamori.agent.platform.portable;

import java.nio.file.Path;
import java.util.List;

/**
 * One mounted file store as the OS lists it (through OSHI on every OS): what the portable watcher
 * knows of a volume before it is told whether the volume is removable.
 *
 * @param volume      the device or volume name ({@code /dev/sdb1}, {@code \\?\Volume{…}\}, {@code /dev/disk4s1})
 * @param mountPoint  where it is mounted ({@code /media/stick}, {@code E:\}, {@code /Volumes/STICK})
 * @param fsType      the file system ({@code ext4}, {@code FAT32}, {@code exfat} …)
 * @param options     the mount options as the OS gives them ({@code ro}, {@code rw} …)
 * @param uuid        the file system's UUID or volume id, where known
 * @param label       the file system's label, where known
 * @param description what the OS calls it ({@code Removable drive} on Windows)
 * @param totalBytes  the size (0 when unknown)
 */
public record MountedStore(String volume, Path mountPoint, String fsType, List<String> options, String uuid, String label,
        String description, long totalBytes) {

    public MountedStore {
        options = List.copyOf(options);
    }

    /** What tells two listings' stores apart: the same volume mounted at the same place. */
    String key() {
        return volume + "\u0000" + mountPoint;
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}

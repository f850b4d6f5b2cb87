package io.mamori.agent.media;

import java.nio.file.Path;
import java.util.List;

/**
 * One mounted file system, as a line of {@code /proc/self/mountinfo} describes it (proc(5)).
 *
 * @param mountId    unique id of the mount
 * @param device     major:minor of the block device ({@code 7:0} for loop0)
 * @param mountPoint where it is mounted, unescaped
 * @param options    per-mount options ({@code rw}, {@code ro}, {@code nosuid}, …)
 * @param fsType     file-system type ({@code ext4}, {@code fuseblk}, {@code fuse.exfat} …)
 * @param source     the mount source ({@code /dev/sdb1}, {@code /dev/loop0})
 */
public record Mount(int mountId, String device, Path mountPoint, List<String> options, String fsType, String source) {

    public Mount {
        options = List.copyOf(options);
    }

    public boolean readOnly() {
        return options.contains("ro");
    }

    /** A FUSE file system (exFAT through exfat-fuse). */
    public boolean fuse() {
        return fsType.equals("fuseblk") || fsType.startsWith("fuse.") || fsType.equals("fuse");
    }
}

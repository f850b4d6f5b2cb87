package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.List;

/**
 * The macOS calls that enforce on a disk, one method each; every failure is an IOException saying
 * which call failed and how. {@link DiskArbitrationControl} makes them through DiskArbitration,
 * {@link DiskutilControl} through {@code diskutil}.
 */
interface DiskControl {

    /** What the calls go through, for messages ("DiskArbitration", "diskutil"). */
    String name();

    /** Unmounts the volume ({@code DADiskUnmount}; {@code diskutil unmount}). Fails while a file on it is open. */
    void unmount(String bsdName) throws IOException;

    /** Mounts it with mount(8) options ({@code DADiskMountWithArguments(…, {"rdonly"})}; {@code diskutil mount readOnly}). */
    void mount(String bsdName, List<String> options) throws IOException;

    /** Ejects the whole disk ({@code DADiskEject}; {@code diskutil eject}). */
    void eject(String wholeDisk) throws IOException;
}

package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Kernel32 volume calls the media monitor needs, one method each, so that everything deciding
 * on their results is plain Java. {@link JnaVolumes} is the implementation on Windows.
 */
interface VolumeNative {

    /** GetDriveType: DRIVE_REMOVABLE. */
    int DRIVE_REMOVABLE = 2;
    /** GetDriveType: DRIVE_FIXED (external USB disks report this). */
    int DRIVE_FIXED = 3;
    /** GetVolumeInformation's file-system flags: FILE_READ_ONLY_VOLUME (winnt.h). */
    int FILE_READ_ONLY_VOLUME = 0x00080000;

    /** GetLogicalDriveStrings: the drive roots, {@code C:\}, {@code E:\} … */
    List<String> driveRoots() throws IOException;

    /** GetDriveType of a root such as {@code E:\}. */
    int driveType(String root);

    /** GetVolumeNameForVolumeMountPoint: {@code \\?\Volume{…}\} for a root or an interface path ending in {@code \}. */
    Optional<String> volumeGuidPath(String mountPoint);

    /** GetVolumePathNamesForVolumeName: where the volume is mounted, drive letters first; empty when nowhere yet. */
    List<String> pathNames(String volumeGuidPath) throws IOException;

    /** GetVolumeInformation of a root. */
    VolumeInformation information(String root) throws IOException;

    /** IOCTL_STORAGE_GET_DEVICE_NUMBER on {@code \\.\E:}: the N of {@code \\.\PhysicalDriveN}. */
    OptionalInt diskNumber(String root);

    /** GetDiskFreeSpaceEx: the volume's total size in bytes, 0 when it cannot be read. */
    long totalBytes(String root);

    /**
     * What GetVolumeInformation returns.
     *
     * @param fsName  {@code FAT32}, {@code exFAT}, {@code NTFS} …
     * @param label   the volume label, empty when none
     * @param serial  the volume serial number
     * @param fsFlags file-system flags ({@link #FILE_READ_ONLY_VOLUME} …)
     */
    record VolumeInformation(String fsName, String label, int serial, int fsFlags) {

        boolean readOnly() {
            return (fsFlags & FILE_READ_ONLY_VOLUME) != 0;
        }

        /** The serial as {@code vol} prints it: {@code 1A2B-3C4D}. */
        String serialText() {
            String hex = String.format("%08X", serial);
            return hex.substring(0, 4) + "-" + hex.substring(4);
        }
    }
}

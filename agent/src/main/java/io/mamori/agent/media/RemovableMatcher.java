package io.mamori.agent.media;

import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Makes a volume the OS does not call removable count as one, with a given identity: on Linux a
 * loop device whose backing file lies under a folder ({@code images-under}), or, for the portable
 * watcher on any OS, a volume mounted under a folder or drive ({@code mounts-under}: a virtual disk
 * attached on a Windows test runner). Tests and demos present file-system images as USB sticks this
 * way; production configurations have none.
 *
 * @param under    the folder the backing files or the mount points lie under
 * @param basis    which of the two {@code under} is about
 * @param identity the device the volume is presented as
 */
public record RemovableMatcher(Path under, Basis basis, DeviceIdentity identity) {

    /** What {@code under} is compared with. */
    public enum Basis {
        /** The file behind a loop device (Linux). */
        IMAGE_FILE,
        /** Where the volume is mounted (the portable watcher, any OS). */
        MOUNT_POINT
    }

    public RemovableMatcher {
        Objects.requireNonNull(under, "under");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(identity, "identity");
    }

    /** A matcher of loop devices by their backing file. */
    public RemovableMatcher(Path backingFilesUnder, DeviceIdentity identity) {
        this(backingFilesUnder, Basis.IMAGE_FILE, identity);
    }

    /** Whether a loop device's backing file is one of this matcher's images. */
    public boolean matches(Path backingFile) {
        return basis == Basis.IMAGE_FILE && within(backingFile);
    }

    /** Whether a volume mounted here is one of this matcher's. */
    public boolean matchesMount(Path mountPoint) {
        return basis == Basis.MOUNT_POINT && within(mountPoint);
    }

    private boolean within(Path path) {
        return path != null && path.toAbsolutePath().normalize().startsWith(under.toAbsolutePath().normalize());
    }
}

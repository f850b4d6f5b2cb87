package io.mamori.agent.platform.macos;

import io.mamori.agent.platform.portable.MountedStore;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The portable watcher's answer on macOS: only stores mounted under {@code /Volumes} from a BSD
 * disk ({@code /dev/disk4s1}) can be removable media — the root volume and the system volumes
 * ({@code /}, {@code /System/Volumes/…}) never are; for those, {@code diskutil info -plist} decides
 * (USB, removable, ejectable or SD) and {@link MacDeviceIdentities} names the device.
 */
final class MacStoreIdentities implements StoreIdentities {

    static final Path VOLUMES = Path.of("/Volumes");

    private final MacDeviceIdentities identities;

    MacStoreIdentities(MacDeviceIdentities identities) {
        this.identities = identities;
    }

    @Override
    public Optional<DeviceIdentity> removable(MountedStore store) throws IOException {
        Path mountPoint = store.mountPoint();
        if (mountPoint == null || !mountPoint.startsWith(VOLUMES) || mountPoint.equals(VOLUMES)) {
            return Optional.empty();
        }
        Optional<String> bsd = BsdName.of(store.volume());
        if (bsd.isEmpty()) {
            return Optional.empty(); // not a disk: a network share, an autofs map, a FUSE volume
        }
        return identities.identifyStore(bsd.get());
    }
}

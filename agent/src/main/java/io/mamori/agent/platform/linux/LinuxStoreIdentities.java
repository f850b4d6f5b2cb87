package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.portable.MountedStore;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The portable watcher's answer on Linux: a store is removable media when its device node's
 * {@code major:minor} is ({@link RemovableDevices}). Stores not backed by a device node
 * ({@code tmpfs}, {@code overlay}) are not.
 */
final class LinuxStoreIdentities implements StoreIdentities {

    private final RemovableDevices devices;

    LinuxStoreIdentities(RemovableDevices devices) {
        this.devices = devices;
    }

    @Override
    public Optional<DeviceIdentity> removable(MountedStore store) throws IOException {
        if (store.volume() == null || !store.volume().startsWith("/dev/")) {
            return Optional.empty();
        }
        Path node = Path.of(store.volume());
        if (!Files.exists(node)) {
            return Optional.empty();
        }
        long rdev = ((Number) Files.getAttribute(node, "unix:rdev")).longValue();
        return devices.identify(majorMinor(rdev));
    }

    /** glibc's {@code major()} and {@code minor()} of a {@code dev_t}. */
    static String majorMinor(long rdev) {
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return major + ":" + minor;
    }
}

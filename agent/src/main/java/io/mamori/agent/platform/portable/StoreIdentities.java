package io.mamori.agent.platform.portable;

import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.util.Optional;

/**
 * Which mounted stores are removable media, and which device each is: the one OS-specific answer
 * the portable watcher needs (sysfs on Linux, the drive type on Windows, the disk's protocol on
 * macOS), given by {@code Platform}.
 */
public interface StoreIdentities {

    /**
     * The device behind a removable store; empty for a store that is not removable media.
     *
     * @throws IOException when it cannot be told: the store is then looked at again on the next
     *                     round, never taken as not removable
     */
    Optional<DeviceIdentity> removable(MountedStore store) throws IOException;
}

package io.mamori.agent.platform.portable;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.util.Optional;

/**
 * Windows' own answer to "is it removable": the drive type, as OSHI describes it ("Removable drive"
 * for {@code DRIVE_REMOVABLE}). The device is known only by its file system (volume id, label,
 * size) — vendor, product and serial stay unknown, so an allow-list entry by serial cannot match it.
 * USB disks that Windows types as fixed are not found this way.
 */
final class RemovableDrives implements StoreIdentities {

    static final String REMOVABLE = "Removable drive";

    @Override
    public Optional<DeviceIdentity> removable(MountedStore store) {
        if (!REMOVABLE.equals(store.description())) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(DeviceClass.OTHER_REMOVABLE, null, null, null, null, null, clip(store.uuid()),
                clip(store.label()), store.totalBytes()));
    }

    private static String clip(String text) {
        return text == null ? null : text.length() > 128 ? text.substring(0, 128) : text;
    }
}

package io.mamori.agent.platform.linux;

import io.mamori.agent.media.RemovableMatcher;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a block device is removable media, and which: sysfs says removable or USB, or a
 * configured {@link RemovableMatcher} claims its loop device. Shared by the native mount monitor
 * and the portable one's Linux identities.
 */
final class RemovableDevices {

    private final SysfsBlockDevices devices;
    private final List<RemovableMatcher> matchers;

    RemovableDevices(SysfsBlockDevices devices, List<RemovableMatcher> matchers) {
        this.devices = devices;
        this.matchers = List.copyOf(matchers);
    }

    /** The device as removable media, by its {@code major:minor}; empty if it is not. */
    Optional<DeviceIdentity> identify(String majorMinor) throws IOException {
        Optional<SysfsBlockDevices.Found> found = devices.describe(majorMinor);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path backing = devices.loopBackingFile(found.get().name()).orElse(null);
        for (RemovableMatcher matcher : matchers) {
            if (matcher.matches(backing)) {
                return Optional.of(matcher.identity());
            }
        }
        return found.get().removable() ? Optional.of(found.get().identity()) : Optional.empty();
    }
}

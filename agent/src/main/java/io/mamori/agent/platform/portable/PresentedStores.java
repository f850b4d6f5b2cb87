package io.mamori.agent.platform.portable;

import io.mamori.agent.media.RemovableMatcher;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Stores mounted under a configured folder or drive count as the removable device the
 * configuration names ({@code media.simulated-usb} with {@code mounts-under}: tests and demos);
 * every other store is left to the OS's own answer.
 */
final class PresentedStores implements StoreIdentities {

    private final List<RemovableMatcher> matchers;
    private final StoreIdentities os;

    PresentedStores(List<RemovableMatcher> matchers, StoreIdentities os) {
        this.matchers = List.copyOf(matchers);
        this.os = os;
    }

    @Override
    public Optional<DeviceIdentity> removable(MountedStore store) throws IOException {
        for (RemovableMatcher matcher : matchers) {
            if (matcher.matchesMount(store.mountPoint())) {
                return Optional.of(matcher.identity());
            }
        }
        return os.removable(store);
    }
}

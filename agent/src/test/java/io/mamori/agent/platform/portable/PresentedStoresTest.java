package io.mamori.agent.platform.portable;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.RemovableMatcher;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A volume mounted under a configured folder is presented as the configured stick; others get the OS's answer. */
class PresentedStoresTest {

    private static final DeviceIdentity PRESENTED = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SMOKE-1",
            "SanDisk", "Cruzer", null, null, 0);

    private static MountedStore at(String mount, String description) {
        return new MountedStore("/dev/x", Path.of(mount), "exfat", List.of("rw"), null, null, description, 0);
    }

    @Test
    void mountsUnderTheFolderArePresentedAndImageMatchersDoNotCountHere() throws Exception {
        StoreIdentities os = new RemovableDrives();
        PresentedStores stores = new PresentedStores(List.of(
                new RemovableMatcher(Path.of("/media/sticks"), RemovableMatcher.Basis.MOUNT_POINT, PRESENTED),
                new RemovableMatcher(Path.of("/media/images"), PRESENTED)), os);

        assertThat(stores.removable(at("/media/sticks/one", "Fixed drive"))).contains(PRESENTED);
        assertThat(stores.removable(at("/media/stickstoo", "Fixed drive"))).as("a sibling with the same prefix").isEmpty();
        assertThat(stores.removable(at("/media/images/one", "Fixed drive"))).as("images-under is about loop files").isEmpty();
        Optional<DeviceIdentity> removable = stores.removable(at("/media/other", RemovableDrives.REMOVABLE));
        assertThat(removable).map(DeviceIdentity::deviceClass).contains(DeviceClass.OTHER_REMOVABLE);
    }
}

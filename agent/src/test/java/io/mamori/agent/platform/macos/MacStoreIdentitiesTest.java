package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.platform.portable.MountedStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The portable watcher's StoreIdentities on macOS: only BSD disks under /Volumes are asked about, diskutil decides. */
class MacStoreIdentitiesTest {

    private final MacFakes.Diskutil diskutil = new MacFakes.Diskutil(Map.of("disk4s1", MacRecorded.diskutilStick(),
            "disk3s5", MacRecorded.diskutilInternal()));
    private final MacStoreIdentities stores = new MacStoreIdentities(new MacDeviceIdentities(new MacFakes.IoKit(Map.of()), diskutil));

    private static MountedStore store(String volume, String mountPoint) {
        return new MountedStore(volume, Path.of(mountPoint), "msdos", List.of("rw"), null, null, null, 0);
    }

    @Test
    void aUsbStickUnderVolumesIsRemovable() throws IOException {
        assertThat(stores.removable(store("/dev/disk4s1", "/Volumes/STICK"))).isPresent();
    }

    @Test
    void theRootAndSystemVolumesAreNeverAskedAbout() throws IOException {
        assertThat(stores.removable(store("/dev/disk3s1s1", "/"))).isEmpty();
        assertThat(stores.removable(store("/dev/disk3s5", "/System/Volumes/Data"))).isEmpty();
        assertThat(diskutil.ran).isEmpty();
    }

    @Test
    void aStoreThatIsNotABsdDiskIsNotRemovable() throws IOException {
        assertThat(stores.removable(store("//guest@nas/share", "/Volumes/share"))).isEmpty();
        assertThat(stores.removable(store("/dev/disk4s1 --force", "/Volumes/X"))).isEmpty();
    }

    @Test
    void anInternalVolumeMountedUnderVolumesIsNotRemovable() throws IOException {
        assertThat(stores.removable(store("/dev/disk3s5", "/Volumes/Data"))).isEmpty();
    }
}

package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.platform.portable.MountedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The portable watcher's removable test on Linux: device numbers decoded as glibc does, stores without a device node skipped. */
class LinuxStoreIdentitiesTest {

    @Test
    void decodesDeviceNumbersLikeGlibc() throws Exception {
        assertThat(LinuxStoreIdentities.majorMinor(0x0700L)).isEqualTo("7:0"); // loop0
        assertThat(LinuxStoreIdentities.majorMinor(0x0811L)).isEqualTo("8:17"); // sdb1
        assertThat(LinuxStoreIdentities.majorMinor(0x10300L)).as("nvme: major 259 above 255").isEqualTo("259:0");
        assertThat(LinuxStoreIdentities.majorMinor(0x10082cL)).as("minor above 255").isEqualTo("8:300");
        long null3 = ((Number) Files.getAttribute(Path.of("/dev/null"), "unix:rdev")).longValue();
        assertThat(LinuxStoreIdentities.majorMinor(null3)).isEqualTo("1:3");
    }

    @Test
    void aStoreWithoutADeviceNodeIsNotRemovable() throws Exception {
        LinuxStoreIdentities identities = new LinuxStoreIdentities(new RemovableDevices(SysfsBlockDevices.system(), List.of()));
        assertThat(identities.removable(new MountedStore("tmpfs", Path.of("/tmp"), "tmpfs", List.of("rw"), null, null,
                "Ram Disk", 0))).isEmpty();
        assertThat(identities.removable(new MountedStore("/dev/no-such-device", Path.of("/mnt"), "ext4", List.of("rw"), null,
                null, "Local Disk", 0))).isEmpty();
    }
}

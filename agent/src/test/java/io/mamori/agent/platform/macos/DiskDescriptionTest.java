package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.Mount;
import io.mamori.protocol.device.DeviceClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A DiskArbitration description (DADisk.h keys, {@link MacRecorded}) read as a Mount and a removable decision. */
class DiskDescriptionTest {

    @Test
    void aMountedUsbPartitionBecomesAMountWithItsBsdNameAndVolumePath() {
        DiskDescription disk = new DiskDescription(MacRecorded.stickMounted());

        Mount mount = disk.mount(7, "disk4s1", false).orElseThrow();

        assertThat(mount).isEqualTo(new Mount(7, "disk4s1", Path.of("/Volumes/STICK"), List.of("rw"), "msdos", "/dev/disk4s1"));
        assertThat(disk.removable()).isTrue();
        assertThat(disk.deviceClass()).isEqualTo(DeviceClass.USB_STORAGE);
    }

    @Test
    void aMediumThatIsNotWritableOrAMountThatIsReadOnlyIsRo() {
        Map<String, Object> locked = MacRecorded.stickMounted();
        locked.put("DAMediaWritable", false); // a stick with its write-protect switch on
        assertThat(new DiskDescription(locked).mount(1, "disk4s1", false).orElseThrow().options()).containsExactly("ro");
        assertThat(new DiskDescription(MacRecorded.stickMounted()).mount(1, "disk4s1", true).orElseThrow().readOnly()).isTrue();
    }

    @Test
    void aDiskWithoutAVolumePathIsNotMounted() {
        assertThat(new DiskDescription(MacRecorded.stickNotMounted()).mount(1, "disk4s1", false)).isEmpty();
    }

    @Test
    void removableAsSantaCountsIt() {
        assertThat(new DiskDescription(Map.of("DADeviceProtocol", "USB")).removable()).isTrue();
        assertThat(new DiskDescription(Map.of("DAMediaRemovable", true)).removable()).isTrue();
        assertThat(new DiskDescription(Map.of("DAMediaEjectable", true)).removable()).isTrue();
        assertThat(new DiskDescription(Map.of("DADeviceProtocol", "Secure Digital", "DADeviceInternal", true)).removable()).isTrue();
        assertThat(new DiskDescription(Map.of("DADeviceProtocol", "Secure Digital")).deviceClass()).isEqualTo(DeviceClass.SD_CARD);
        assertThat(new DiskDescription(MacRecorded.internalDataVolume()).removable()).isFalse();
        assertThat(new DiskDescription(Map.of("DAMediaEjectable", true, "DAVolumeNetwork", true)).removable()).isFalse();
    }

    @Test
    void valuesOfAnUnexpectedTypeReadAsUnknown() {
        DiskDescription disk = new DiskDescription(Map.of("DAMediaRemovable", "yes", "DAVolumePath", 42, "DAMediaSize", -1L));
        assertThat(disk.removable()).isFalse();
        assertThat(disk.volumePath()).isEmpty();
        assertThat(disk.size()).isZero();
    }

    @Test
    void longOrControlTextFromTheDeviceIsCut() {
        DiskDescription disk = new DiskDescription(Map.of("DADeviceVendor", "A\u0007" + "x".repeat(500)));
        String vendor = disk.text("DADeviceVendor").orElseThrow();
        assertThat(vendor).hasSize(128).startsWith("A?").endsWith("…");
    }
}

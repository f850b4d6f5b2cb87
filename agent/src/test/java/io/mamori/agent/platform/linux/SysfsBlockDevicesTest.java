package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.device.DeviceClass;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sysfs tree shaped like the kernel's for a USB stick's partition, and for a loop device. */
class SysfsBlockDevicesTest {

    @TempDir
    Path root;

    private Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text + "\n");
    }

    @Test
    void aUsbSticksPartitionHasTheUsbDevicesIdentityAndItsFileSystemsUuidAndLabel() throws Exception {
        Path sys = root.resolve("sys");
        Path usb = sys.resolve("devices/pci0000:00/0000:00:14.0/usb1/1-2");
        write(usb.resolve("idVendor"), "0781");
        write(usb.resolve("idProduct"), "5583");
        write(usb.resolve("serial"), "4C530001230915117452");
        write(usb.resolve("manufacturer"), "SanDisk");
        write(usb.resolve("product"), "Ultra Fit");
        Path disk = usb.resolve("1-2:1.0/host6/target6:0:0/6:0:0:0/block/sdb");
        write(disk.resolve("removable"), "1");
        Path partition = disk.resolve("sdb1");
        write(partition.resolve("size"), "62530624");
        write(partition.resolve("partition"), "1");
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(sys.resolve("dev/block/8:17"), partition);
        Path devDisk = root.resolve("dev/disk");
        Files.createDirectories(devDisk.resolve("by-uuid"));
        Files.createDirectories(devDisk.resolve("by-label"));
        Files.createSymbolicLink(devDisk.resolve("by-uuid/3A5C-1F2E"), Path.of("../../sdb1"));
        Files.createSymbolicLink(devDisk.resolve("by-label/\\xe7\\xb5\\x8c\\xe7\\x90\\x86\\x20USB"), Path.of("../../sdb1"));

        var found = new SysfsBlockDevices(sys, devDisk).describe("8:17").orElseThrow();

        assertThat(found.name()).isEqualTo("sdb1");
        assertThat(found.removable()).isTrue();
        assertThat(found.identity().deviceClass()).isEqualTo(DeviceClass.USB_STORAGE);
        assertThat(found.identity().vendorId()).isEqualTo("0781");
        assertThat(found.identity().productId()).isEqualTo("5583");
        assertThat(found.identity().serial()).isEqualTo("4C530001230915117452");
        assertThat(found.identity().vendorName()).isEqualTo("SanDisk");
        assertThat(found.identity().fsUuid()).isEqualTo("3A5C-1F2E");
        assertThat(found.identity().label()).isEqualTo("経理 USB");
        assertThat(found.identity().sizeBytes()).isEqualTo(62530624L * 512);
    }

    @Test
    void aLoopDeviceIsNeitherUsbNorRemovable() throws Exception {
        Path sys = root.resolve("sys");
        Path loop = sys.resolve("devices/virtual/block/loop0");
        write(loop.resolve("size"), "2048");
        write(loop.resolve("removable"), "0");
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(sys.resolve("dev/block/7:0"), loop);

        var found = new SysfsBlockDevices(sys, root.resolve("dev/disk")).describe("7:0").orElseThrow();

        assertThat(found.removable()).isFalse();
        assertThat(found.identity().vendorId()).isNull();
        assertThat(found.identity().sizeBytes()).isEqualTo(2048L * 512);
        assertThat(new SysfsBlockDevices(sys, root).describe("9:9")).isEmpty();
    }

    @Test
    void thisMachinesOwnDisksCanBeRead() throws Exception {
        String first;
        try (var links = Files.list(Path.of("/sys/dev/block"))) {
            first = links.map(p -> p.getFileName().toString()).sorted().findFirst().orElse(null);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(first != null, "no block devices visible");
        assertThat(SysfsBlockDevices.system().describe(first)).isPresent();
    }
}

package io.mamori.agent.platform.linux;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What sysfs and udev's {@code /dev/disk} links say about a block device, found by its
 * {@code major:minor}: size, whether the kernel calls it removable, the USB device above it
 * (vendor, product, serial, names) and the file system's UUID and label. Both roots are
 * parameters so tests can build a tree.
 */
final class SysfsBlockDevices {

    private final Path sys;
    private final Path devDisk;

    SysfsBlockDevices(Path sys, Path devDisk) {
        this.sys = sys;
        this.devDisk = devDisk;
    }

    static SysfsBlockDevices system() {
        return new SysfsBlockDevices(Path.of("/sys"), Path.of("/dev/disk"));
    }

    /** What the system knows of the block device; empty if sysfs has no such device. */
    Optional<Found> describe(String majorMinor) throws IOException {
        Path link = sys.resolve("dev/block").resolve(majorMinor);
        if (!Files.exists(link)) {
            return Optional.empty();
        }
        Path device = link.toRealPath();
        String name = device.getFileName().toString();
        long sectors = readLong(device.resolve("size"));
        boolean partition = Files.exists(device.resolve("partition"));
        Path disk = partition ? device.getParent() : device;
        boolean removable = "1".equals(read(disk.resolve("removable")));
        Path usb = null;
        for (Path up = disk; up != null && up.startsWith(sys); up = up.getParent()) {
            if (Files.exists(up.resolve("idVendor")) && Files.exists(up.resolve("idProduct"))) {
                usb = up;
                break;
            }
        }
        String vendorId = usb == null ? null : read(usb.resolve("idVendor"));
        String productId = usb == null ? null : read(usb.resolve("idProduct"));
        String serial = usb == null ? null : read(usb.resolve("serial"));
        String vendorName = usb == null ? null : read(usb.resolve("manufacturer"));
        String productName = usb == null ? null : read(usb.resolve("product"));
        String fsUuid = linkNamed(devDisk.resolve("by-uuid"), name);
        String label = linkNamed(devDisk.resolve("by-label"), name);
        DeviceIdentity identity = new DeviceIdentity(usb != null ? DeviceClass.USB_STORAGE : DeviceClass.OTHER_REMOVABLE, vendorId,
                productId, serial, vendorName, productName, fsUuid, label == null ? null : unescapeLabel(label), sectors * 512);
        return Optional.of(new Found(name, identity, usb != null || removable));
    }

    /** For a loop device, the file behind it ({@code /sys/block/loopN/loop/backing_file}). */
    Optional<Path> loopBackingFile(String name) throws IOException {
        String backing = read(sys.resolve("block").resolve(name).resolve("loop/backing_file"));
        return backing == null || backing.isEmpty() ? Optional.empty() : Optional.of(Path.of(backing));
    }

    /**
     * A block device described.
     *
     * @param name      kernel name ({@code sdb1}, {@code loop0})
     * @param identity  what the agent records and policy matches on
     * @param removable true when the kernel says removable or the device hangs off USB
     */
    record Found(String name, DeviceIdentity identity, boolean removable) {
    }

    /** The name of the link in {@code dir} that points at {@code /dev/<device>}, if any. */
    private static String linkNamed(Path dir, String device) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
            for (Path link : links) {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).getFileName().toString().equals(device)) {
                    return link.getFileName().toString();
                }
            }
        }
        return null;
    }

    /** udev escapes a label's unsafe characters as {@code \xNN}. */
    static String unescapeLabel(String label) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = new byte[label.length()];
        int n = 0;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '\\' && i + 3 < label.length() && label.charAt(i + 1) == 'x'
                    && label.substring(i + 2, i + 4).matches("[0-9a-fA-F]{2}")) {
                bytes[n++] = (byte) Integer.parseInt(label.substring(i + 2, i + 4), 16);
                i += 3;
            } else {
                if (n > 0) {
                    out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
                    n = 0;
                }
                out.append(c);
            }
        }
        if (n > 0) {
            out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    private static long readLong(Path file) throws IOException {
        String text = read(file);
        return text == null || text.isEmpty() ? 0 : Long.parseLong(text);
    }
}

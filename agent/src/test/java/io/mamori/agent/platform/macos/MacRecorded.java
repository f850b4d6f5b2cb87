package io.mamori.agent.platform.macos;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values in Apple's documented formats, for the tests. None was captured from a Mac for this
 * build (no Mac was reachable): each is a constructed example whose keys and types follow the
 * source named beside it.
 */
final class MacRecorded {

    private MacRecorded() {
    }

    /**
     * A USB stick's FAT32 partition as {@code DADiskCopyDescription} describes it once mounted.
     * Keys: {@code kDADiskDescription…Key} in DADisk.h (apple-oss-distributions/DiskArbitration);
     * the native layer turns the CFURL of DAVolumePath into its POSIX path and the CFUUID into its
     * string. Constructed example (vendor/model strings as a SanDisk Cruzer Blade reports them in
     * the Windows tests' USBSTOR id).
     */
    static Map<String, Object> stickMounted() {
        Map<String, Object> d = stickNotMounted();
        d.put("DAVolumePath", "/Volumes/STICK");
        d.put("DAVolumeKind", "msdos");
        d.put("DAVolumeName", "STICK");
        d.put("DAVolumeUUID", "0E239BC6-F960-3107-89CF-1C97F78BB46B");
        return d;
    }

    /** The same partition before diskarbitrationd mounted it: no DAVolumePath yet. Constructed example. */
    static Map<String, Object> stickNotMounted() {
        Map<String, Object> d = new HashMap<>();
        d.put("DAMediaBSDName", "disk4s1");
        d.put("DAMediaRemovable", true);
        d.put("DAMediaEjectable", true);
        d.put("DAMediaWritable", true);
        d.put("DAMediaWhole", false);
        d.put("DAMediaSize", 31_914_983_424L);
        d.put("DAMediaPath", "IODeviceTree:/arm-io@10F00000/usb-drd1@2280000/.../IOMedia");
        d.put("DADeviceProtocol", "USB");
        d.put("DADeviceInternal", false);
        d.put("DADeviceVendor", "SanDisk");
        d.put("DADeviceModel", "Cruzer Blade");
        return d;
    }

    /** The internal SSD's data volume: protocol "Apple Fabric" as diskutil shows on Apple silicon; not removable. Constructed example. */
    static Map<String, Object> internalDataVolume() {
        Map<String, Object> d = new HashMap<>();
        d.put("DAMediaBSDName", "disk3s5");
        d.put("DAMediaRemovable", false);
        d.put("DAMediaEjectable", false);
        d.put("DAMediaWritable", true);
        d.put("DADeviceProtocol", "Apple Fabric");
        d.put("DADeviceInternal", true);
        d.put("DAVolumePath", "/System/Volumes/Data");
        d.put("DAVolumeKind", "apfs");
        return d;
    }

    /**
     * The IOKit parents of disk4s1's IOMedia in the IOService plane, nearest first, as
     * {@link IoKitNative} returns them: IOMedia (partition), IOMedia (whole disk),
     * IOBlockStorageDriver, the SCSI/UAS disk nub, the USB interface, then the IOUSBHostDevice with
     * {@code idVendor}/{@code idProduct} (numbers) and the USB family's strings — the property
     * names seen in {@code ioreg -p IOUSB -l -a} output and read by OSHI's MacUsbDevice. Constructed
     * example (ids of a SanDisk Cruzer Blade, 0781:5567).
     */
    static List<Map<String, Object>> stickChain() {
        return List.of(
                Map.of("IORegistryEntryName", "Untitled 1"),
                Map.of("IORegistryEntryName", "SanDisk Cruzer Blade Media"),
                Map.of("IORegistryEntryName", "IOBlockStorageDriver"),
                Map.of("IORegistryEntryName", "SanDisk Cruzer Blade"),
                Map.of("IORegistryEntryName", "IOUSBMassStorageInterfaceNub"),
                Map.of("IORegistryEntryName", "Cruzer Blade", "idVendor", 1921L, "idProduct", 21863L,
                        "USB Serial Number", "4C530001230922117574", "kUSBSerialNumberString", "4C530001230922117574",
                        "USB Vendor Name", "SanDisk", "USB Product Name", "Cruzer Blade"),
                Map.of("IORegistryEntryName", "AppleT8103USBXHCI"));
    }

    /**
     * {@code diskutil info -plist disk4s1} for a USB stick's FAT32 volume: XML property list with
     * the keys diskutil writes (BusProtocol, RemovableMedia, Removable, Ejectable, Internal,
     * WritableVolume, VolumeUUID, VolumeName, MountPoint, FilesystemType, MediaName, TotalSize), as
     * public projects' fixtures of its output show. Constructed example.
     */
    static byte[] diskutilStick() {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                	<key>BusProtocol</key>
                	<string>USB</string>
                	<key>DeviceIdentifier</key>
                	<string>disk4s1</string>
                	<key>Ejectable</key>
                	<true/>
                	<key>FilesystemType</key>
                	<string>msdos</string>
                	<key>Internal</key>
                	<false/>
                	<key>MediaName</key>
                	<string></string>
                	<key>MountPoint</key>
                	<string>/Volumes/STICK</string>
                	<key>Removable</key>
                	<true/>
                	<key>RemovableMedia</key>
                	<true/>
                	<key>TotalSize</key>
                	<integer>31914983424</integer>
                	<key>VolumeName</key>
                	<string>STICK</string>
                	<key>VolumeUUID</key>
                	<string>0E239BC6-F960-3107-89CF-1C97F78BB46B</string>
                	<key>WritableVolume</key>
                	<true/>
                </dict>
                </plist>
                """).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code diskutil info -plist disk3s5}: the internal data volume (BusProtocol "Apple Fabric", not removable). Constructed example. */
    static byte[] diskutilInternal() {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0">
                <dict>
                	<key>BusProtocol</key>
                	<string>Apple Fabric</string>
                	<key>DeviceIdentifier</key>
                	<string>disk3s5</string>
                	<key>Ejectable</key>
                	<false/>
                	<key>Internal</key>
                	<true/>
                	<key>RemovableMedia</key>
                	<false/>
                	<key>MountPoint</key>
                	<string>/System/Volumes/Data</string>
                	<key>VolumeName</key>
                	<string>Data</string>
                </dict>
                </plist>
                """).getBytes(StandardCharsets.UTF_8);
    }
}

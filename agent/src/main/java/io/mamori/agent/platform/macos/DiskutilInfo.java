package io.mamori.agent.platform.macos;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import java.util.Optional;

/**
 * What {@code diskutil info -plist <disk>} says of a disk or volume: the fallback where IOKit gives
 * no USB device. The keys are those diskutil writes (see the recorded output in the tests);
 * diskutil names no USB vendor or product id, so those stay unknown. The property list is parsed
 * with dd-plist; one that does not parse is an {@link UnreadablePlist}, never a guess.
 */
record DiskutilInfo(String deviceIdentifier, String busProtocol, Boolean removable, Boolean ejectable, Boolean internal,
        Boolean writableVolume, String volumeUuid, String volumeName, String mountPoint, String filesystemType, String mediaName,
        long totalSize) {

    /** A property list that is not the dictionary diskutil writes. */
    static final class UnreadablePlist extends Exception {
        UnreadablePlist(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_TEXT = 128;

    static DiskutilInfo parse(byte[] plist) throws UnreadablePlist {
        NSObject root;
        try {
            root = PropertyListParser.parse(plist);
        } catch (Exception e) { // dd-plist throws six checked types and runtime ones for malformed input
            throw new UnreadablePlist("diskutil's property list does not parse (" + e.getClass().getSimpleName() + ": "
                    + OsText.clip(String.valueOf(e.getMessage())) + ")", e);
        }
        if (!(root instanceof NSDictionary dict)) {
            throw new UnreadablePlist("diskutil's property list is not a dictionary but "
                    + (root == null ? "empty" : root.getClass().getSimpleName()), null);
        }
        return new DiskutilInfo(text(dict, "DeviceIdentifier"), text(dict, "BusProtocol"), removable(dict), flag(dict, "Ejectable"),
                flag(dict, "Internal"), flag(dict, "WritableVolume"), text(dict, "VolumeUUID"), text(dict, "VolumeName"),
                text(dict, "MountPoint"), text(dict, "FilesystemType"), text(dict, "MediaName"), number(dict, "TotalSize"));
    }

    /** {@code RemovableMedia} on current systems; {@code Removable} on older ones. */
    private static Boolean removable(NSDictionary dict) {
        Boolean media = flag(dict, "RemovableMedia");
        return media != null ? media : flag(dict, "Removable");
    }

    /** Removable media as the disk's own flags say, as {@link DiskDescription#removable()} counts: USB, removable, ejectable or an SD card. */
    boolean removableMedia() {
        return usb() || Boolean.TRUE.equals(removable) || Boolean.TRUE.equals(ejectable) || sdCard();
    }

    boolean usb() {
        return "USB".equalsIgnoreCase(busProtocol);
    }

    boolean sdCard() {
        return "Secure Digital".equalsIgnoreCase(busProtocol);
    }

    Optional<String> label() {
        return Optional.ofNullable(volumeName);
    }

    private static String text(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        if (value instanceof NSString s && !s.getContent().isBlank()) {
            return OsText.clip(s.getContent().strip(), MAX_TEXT);
        }
        return null;
    }

    private static Boolean flag(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        return value instanceof NSNumber n && n.isBoolean() ? n.boolValue() : null;
    }

    private static long number(NSDictionary dict, String key) {
        NSObject value = dict.objectForKey(key);
        return value instanceof NSNumber n && n.isInteger() && n.longValue() > 0 ? n.longValue() : 0;
    }
}

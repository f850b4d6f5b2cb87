package io.mamori.agent.platform.macos;

import io.mamori.agent.media.Mount;
import io.mamori.protocol.device.DeviceClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DiskArbitration description dictionary ({@code DADiskCopyDescription}) as the agent reads it.
 * The native layer hands it over as a map keyed by the {@code kDADiskDescription…Key} strings of
 * {@code DADisk.h} (apple-oss-distributions/DiskArbitration, DiskArbitration/DADisk.h), with
 * CFString → String, CFBoolean → Boolean, CFNumber → Long, CFURL → its POSIX path, CFUUID → its
 * string. Anything of another type, or missing, reads as unknown.
 */
final class DiskDescription {

    static final String VOLUME_PATH = "DAVolumePath";
    static final String VOLUME_KIND = "DAVolumeKind";
    static final String VOLUME_NAME = "DAVolumeName";
    static final String VOLUME_UUID = "DAVolumeUUID";
    static final String VOLUME_NETWORK = "DAVolumeNetwork";
    static final String MEDIA_BSD_NAME = "DAMediaBSDName";
    static final String MEDIA_REMOVABLE = "DAMediaRemovable";
    static final String MEDIA_EJECTABLE = "DAMediaEjectable";
    static final String MEDIA_WRITABLE = "DAMediaWritable";
    static final String MEDIA_WHOLE = "DAMediaWhole";
    static final String MEDIA_SIZE = "DAMediaSize";
    static final String MEDIA_PATH = "DAMediaPath";
    static final String DEVICE_PROTOCOL = "DADeviceProtocol";
    static final String DEVICE_INTERNAL = "DADeviceInternal";
    static final String DEVICE_VENDOR = "DADeviceVendor";
    static final String DEVICE_MODEL = "DADeviceModel";

    /** The keys the agent reads; the native layer copies only these. */
    static final List<String> KEYS = List.of(VOLUME_PATH, VOLUME_KIND, VOLUME_NAME, VOLUME_UUID, VOLUME_NETWORK, MEDIA_BSD_NAME,
            MEDIA_REMOVABLE, MEDIA_EJECTABLE, MEDIA_WRITABLE, MEDIA_WHOLE, MEDIA_SIZE, MEDIA_PATH, DEVICE_PROTOCOL, DEVICE_INTERNAL,
            DEVICE_VENDOR, DEVICE_MODEL);

    /** Values longer than this are cut: they come from the OS and a device, and end up in logs and identities. */
    private static final int MAX_TEXT = 128;

    private final Map<String, Object> values;

    DiskDescription(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** The BSD name ({@code disk4s1}), or the one DiskArbitration gave beside the description. */
    String bsdName(String fallback) {
        return text(MEDIA_BSD_NAME).orElse(OsText.clip(fallback));
    }

    /** Where the volume is mounted; empty while it is not (yet). */
    Optional<Path> volumePath() {
        Object path = values.get(VOLUME_PATH);
        if (path instanceof String text && text.startsWith("/")) {
            return Optional.of(Path.of(text));
        }
        return Optional.empty();
    }

    Optional<String> text(String key) {
        Object value = values.get(key);
        if (value instanceof String text && !text.isBlank()) {
            return Optional.of(OsText.clip(text.strip(), MAX_TEXT));
        }
        return Optional.empty();
    }

    Optional<Boolean> flag(String key) {
        return values.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    long size() {
        return values.get(MEDIA_SIZE) instanceof Number n && n.longValue() > 0 ? n.longValue() : 0;
    }

    /**
     * Whether the disk counts as removable media — as Santa counts USB mass storage
     * (SNTEndpointSecurityDeviceManager.mm, PLATFORMS.md §10): the protocol is USB, or the medium
     * is removable or ejectable, or it is an SD card. A network volume never is. Disk images are
     * ejectable and so count too: over-watching a mounted .dmg is the safe side.
     */
    boolean removable() {
        if (flag(VOLUME_NETWORK).orElse(false)) {
            return false;
        }
        return usb() || flag(MEDIA_REMOVABLE).orElse(false) || flag(MEDIA_EJECTABLE).orElse(false) || sdCard();
    }

    boolean usb() {
        return text(DEVICE_PROTOCOL).map(p -> p.equalsIgnoreCase("USB")).orElse(false);
    }

    /** A card in a built-in reader: protocol "Secure Digital", or the model Apple's readers report. */
    boolean sdCard() {
        return text(DEVICE_PROTOCOL).map(p -> p.equalsIgnoreCase("Secure Digital")).orElse(false)
                || text(DEVICE_MODEL).map(m -> m.toLowerCase(Locale.ROOT).contains("sd card reader")).orElse(false);
    }

    DeviceClass deviceClass() {
        if (sdCard() && !usb()) {
            return DeviceClass.SD_CARD;
        }
        if (usb()) {
            return DeviceClass.USB_STORAGE;
        }
        return text(MEDIA_PATH).filter(p -> p.contains("IODVDMedia") || p.contains("IOCDMedia") || p.contains("IOBDMedia"))
                .map(p -> DeviceClass.OPTICAL).orElse(DeviceClass.OTHER_REMOVABLE);
    }

    /**
     * The volume as a {@link Mount}: the mount id given by the caller (one per BSD name), the BSD
     * name as device, {@code /dev/<bsd>} as source, {@code ro} when the medium is not writable or
     * {@code mountedReadOnly} says so (the mount flags, MNT_RDONLY), else {@code rw}.
     */
    Optional<Mount> mount(int mountId, String bsdName, boolean mountedReadOnly) {
        return volumePath().map(path -> {
            boolean readOnly = mountedReadOnly || !flag(MEDIA_WRITABLE).orElse(true);
            String fsType = text(VOLUME_KIND).orElse("unknown");
            return new Mount(mountId, bsdName, path, List.of(readOnly ? "ro" : "rw"), fsType, "/dev/" + bsdName);
        });
    }

    @Override
    public String toString() {
        return "disk " + text(MEDIA_BSD_NAME).orElse("?") + " (" + text(DEVICE_PROTOCOL).orElse("?") + ", "
                + volumePath().map(Path::toString).map(OsText::clip).orElse("no volume path") + ")";
    }
}

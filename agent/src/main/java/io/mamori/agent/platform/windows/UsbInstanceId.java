package io.mamori.agent.platform.windows;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Windows device instance id says about a USB device. Two enumerators matter: the USB
 * device itself, {@code USB\VID_0781&PID_5583\4C530001230922117574}, and the mass-storage disk
 * under it, {@code USBSTOR\Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00\4C530001230922117574&0}.
 * The last part is the device's serial number, except when the device has none: Windows then makes
 * one up, recognisable by an {@code &} as its second character ("Device Instance IDs" and "USB
 * device instance ids", learn.microsoft.com), and that is reported as unknown, never as a serial.
 *
 * @param vendorId    four hex digits from {@code VID_}, or null for a USBSTOR id
 * @param productId   four hex digits from {@code PID_}, or null for a USBSTOR id
 * @param serial      the device's own serial, or null when Windows generated it
 * @param vendorName  from {@code Ven_} of a USBSTOR id (underscores back to spaces), else null
 * @param productName from {@code Prod_} of a USBSTOR id (underscores back to spaces), else null
 * @param composite   a USB interface of a composite device ({@code &MI_nn}): its serial is never the device's
 */
record UsbInstanceId(String vendorId, String productId, String serial, String vendorName, String productName, boolean composite) {

    private static final Pattern USB = Pattern.compile("USB\\\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(&MI_[0-9A-F]{2})?\\\\([^\\\\]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern USBSTOR = Pattern.compile("USBSTOR\\\\[^&\\\\]+&VEN_([^&\\\\]*)&PROD_([^&\\\\]*)(&REV_[^\\\\]*)?\\\\([^\\\\]+)",
            Pattern.CASE_INSENSITIVE);
    /** The {@code &0} Windows appends to a USBSTOR serial (the LUN). */
    private static final Pattern LUN_SUFFIX = Pattern.compile("&\\d+$");

    /** A {@code USB\VID_…&PID_…\serial} id; empty when the text is not one. */
    static Optional<UsbInstanceId> usb(String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        Matcher m = USB.matcher(instanceId.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new UsbInstanceId(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT),
                ownSerial(m.group(4)), null, null, m.group(3) != null));
    }

    /** A {@code USBSTOR\Disk&Ven_…&Prod_…&Rev_…\serial&0} id; empty when the text is not one. */
    static Optional<UsbInstanceId> usbStor(String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        Matcher m = USBSTOR.matcher(instanceId.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String serial = LUN_SUFFIX.matcher(m.group(4)).replaceFirst("");
        return Optional.of(new UsbInstanceId(null, null, ownSerial(serial), name(m.group(1)), name(m.group(2)), false));
    }

    /** Null for a serial Windows generated (second character {@code &}) or an empty one. */
    static String ownSerial(String last) {
        if (last == null || last.isEmpty() || (last.length() > 1 && last.charAt(1) == '&')) {
            return null;
        }
        return last;
    }

    /** Windows writes the INQUIRY strings with spaces as underscores. */
    private static String name(String raw) {
        String name = raw.replace('_', ' ').strip();
        return name.isEmpty() ? null : name;
    }

    /** The enumerator part of an instance id ({@code USB}, {@code USBSTOR}, {@code SCSI} …), upper-cased; for logs and decisions. */
    static String enumerator(String instanceId) {
        if (instanceId == null) {
            return "";
        }
        int slash = instanceId.indexOf('\\');
        String head = (slash < 0 ? instanceId : instanceId.substring(0, slash)).toUpperCase(Locale.ROOT);
        return head.length() > 16 ? head.substring(0, 16) : head;
    }
}

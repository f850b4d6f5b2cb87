package io.mamori.agent.platform.macos;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The USB device above a disk in the IOKit registry: the first entry, walking up from the IOMedia,
 * that has both {@code idVendor} and {@code idProduct} (an {@code IOUSBHostDevice}, or
 * {@code IOUSBDevice} before macOS 10.11). Its serial, vendor and product strings are read under
 * the names Apple's USB family publishes ({@code "USB Serial Number"}, and the
 * {@code kUSB…String} names of newer systems) — as seen in {@code ioreg -p IOUSB -l} output.
 */
final class UsbDeviceChain {

    static final String ENTRY_NAME = "IORegistryEntryName";
    static final String VENDOR_ID = "idVendor";
    static final String PRODUCT_ID = "idProduct";
    static final List<String> NUMBER_KEYS = List.of(VENDOR_ID, PRODUCT_ID);
    static final List<String> SERIAL_KEYS = List.of("USB Serial Number", "kUSBSerialNumberString");
    static final List<String> VENDOR_KEYS = List.of("USB Vendor Name", "kUSBVendorString");
    static final List<String> PRODUCT_KEYS = List.of("USB Product Name", "kUSBProductString");
    static final List<String> TEXT_KEYS = List.of("USB Serial Number", "kUSBSerialNumberString", "USB Vendor Name", "kUSBVendorString",
            "USB Product Name", "kUSBProductString");
    private static final int MAX_TEXT = 128;

    /** The USB device's parts; null where it does not say. Ids are four lowercase hex digits. */
    record UsbDevice(String vendorId, String productId, String serial, String vendorName, String productName) {
    }

    private UsbDeviceChain() {
    }

    static Optional<UsbDevice> find(List<Map<String, Object>> chain) {
        for (Map<String, Object> entry : chain) {
            Optional<String> vendor = usbId(entry.get(VENDOR_ID));
            Optional<String> product = usbId(entry.get(PRODUCT_ID));
            if (vendor.isPresent() && product.isPresent()) {
                return Optional.of(new UsbDevice(vendor.get(), product.get(), first(entry, SERIAL_KEYS), first(entry, VENDOR_KEYS),
                        first(entry, PRODUCT_KEYS)));
            }
        }
        return Optional.empty();
    }

    /** A 16-bit id as four lowercase hex digits; anything else (negative, too large, not a number) is unknown. */
    static Optional<String> usbId(Object value) {
        if (value instanceof Number n && n.longValue() >= 0 && n.longValue() <= 0xffff) {
            return Optional.of(String.format(Locale.ROOT, "%04x", n.longValue()));
        }
        return Optional.empty();
    }

    private static String first(Map<String, Object> entry, List<String> keys) {
        for (String key : keys) {
            if (entry.get(key) instanceof String text && !text.isBlank()) {
                return OsText.clip(text.strip(), MAX_TEXT);
            }
        }
        return null;
    }
}

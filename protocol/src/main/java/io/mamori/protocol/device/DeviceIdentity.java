package io.mamori.protocol.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;

/**
 * Who a removable device is: the identity the allow-list and the review queue work with.
 * Unknown parts are {@code null}; a device without a serial can only be approved by vendor and
 * product.
 *
 * @param deviceClass the kind of medium
 * @param vendorId    USB vendor id, four lowercase hex digits
 * @param productId   USB product id, four lowercase hex digits
 * @param serial      the device's serial number as it reports it (not one made up by the OS)
 * @param vendorName  the vendor's name as the device reports it
 * @param productName the product's name as the device reports it
 * @param fsUuid      the filesystem's UUID or volume serial
 * @param label       the filesystem's label
 * @param sizeBytes   the medium's size in bytes (0 when unknown)
 */
public record DeviceIdentity(
        @JsonProperty(required = true) DeviceClass deviceClass,
        String vendorId,
        String productId,
        String serial,
        String vendorName,
        String productName,
        String fsUuid,
        String label,
        long sizeBytes) {

    public DeviceIdentity {
        Fields.required(deviceClass, "deviceClass");
        vendorId = UsbIds.normalize(vendorId, "vendorId");
        productId = UsbIds.normalize(productId, "productId");
        Fields.optionalText(serial, "serial", 128);
        Fields.optionalText(vendorName, "vendorName", 128);
        Fields.optionalText(productName, "productName", 128);
        Fields.optionalText(fsUuid, "fsUuid", 128);
        Fields.optionalText(label, "label", 128);
        Fields.nonNegative(sizeBytes, "sizeBytes");
    }

    /** {@code vendor:product:serial} with {@code ?} for unknown parts, for logs and messages. */
    public String shortName() {
        return orUnknown(vendorId) + ":" + orUnknown(productId) + ":" + orUnknown(serial);
    }

    private static String orUnknown(String value) {
        return value == null ? "?" : value;
    }
}

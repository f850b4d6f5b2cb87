package io.mamori.protocol.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;

/**
 * An allow-list entry: a vendor, optionally narrowed to one product, optionally to one serial
 * number. A device matches when every part given here equals the device's; serials compare
 * exactly (they are case-sensitive on some devices).
 *
 * @param vendorId    required USB vendor id
 * @param productId   USB product id, or {@code null} for every product of the vendor
 * @param serial      serial number, or {@code null} for every unit of the product
 * @param description what the entry is for, for administrators ("経理部 暗号化USB")
 */
public record DeviceMatcher(
        @JsonProperty(required = true) String vendorId,
        String productId,
        String serial,
        String description) {

    public DeviceMatcher {
        vendorId = UsbIds.normalize(Fields.required(vendorId, "vendorId"), "vendorId");
        productId = UsbIds.normalize(productId, "productId");
        Fields.optionalText(serial, "serial", 128);
        if (serial != null && productId == null) {
            throw new InvalidFieldException("serial",
                    "needs productId too: a serial number is only unique within one product");
        }
        Fields.optionalText(description, "description", 500);
    }

    public boolean matches(DeviceIdentity device) {
        if (!vendorId.equals(device.vendorId())) {
            return false;
        }
        if (productId != null && !productId.equals(device.productId())) {
            return false;
        }
        return serial == null || serial.equals(device.serial());
    }
}

package io.mamori.agent.platform.windows;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a disk is, from the instance ids of the disk and its ancestors in the device tree (the disk
 * first, then {@code CM_Get_Parent} upwards). The USB device is the nearest {@code USB\VID_…}
 * ancestor that is not one interface of a composite device; the vendor and product names come
 * from the USBSTOR disk. Anything that does not parse leaves that part unknown, with a log line:
 * an identity with unknowns matches no allow-list entry, so it never widens what is allowed.
 */
final class DeviceChain {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceChain.class);

    private DeviceChain() {
    }

    /**
     * The identity of the disk whose chain this is.
     *
     * @param chain     instance ids, the disk first, then its parents up to the root
     * @param fsUuid    the volume's serial, as {@code vol} prints it
     * @param label     the volume's label, or null
     * @param sizeBytes the volume's size, 0 when unknown
     */
    static DeviceIdentity identify(List<String> chain, String fsUuid, String label, long sizeBytes) {
        boolean usbBus = onUsb(chain);
        UsbInstanceId device = null;
        UsbInstanceId compositeInterface = null;
        UsbInstanceId disk = null;
        for (String id : chain) {
            String enumerator = UsbInstanceId.enumerator(id);
            if (disk == null && enumerator.equals("USBSTOR")) {
                disk = UsbInstanceId.usbStor(id).orElse(null);
                if (disk == null) {
                    LOG.warn("a USBSTOR instance id does not parse ({} characters); vendor, product and serial stay unknown",
                            id.length());
                }
            } else if (enumerator.equals("USB")) {
                Optional<UsbInstanceId> usb = UsbInstanceId.usb(id);
                if (usb.isPresent() && usb.get().composite()) {
                    compositeInterface = compositeInterface == null ? usb.get() : compositeInterface;
                } else if (usb.isPresent()) {
                    device = usb.get();
                    break;
                }
            }
        }
        if (device == null && compositeInterface != null) {
            device = compositeInterface; // vendor and product hold, its serial is null (generated)
        }
        if (usbBus && device == null) {
            LOG.warn("the disk hangs off USB but no USB\\VID_…&PID_… ancestor parses ({} ids in the chain); vendor, product and serial stay unknown",
                    chain.size());
        }
        String serial = device != null ? device.serial() : disk != null ? disk.serial() : null;
        return new DeviceIdentity(usbBus ? DeviceClass.USB_STORAGE : DeviceClass.OTHER_REMOVABLE,
                device == null ? null : device.vendorId(), device == null ? null : device.productId(),
                serial, disk == null ? null : disk.vendorName(), disk == null ? null : disk.productName(),
                fsUuid, label, Math.max(0, sizeBytes));
    }

    /** True when the disk or an ancestor is enumerated by USB (USBSTOR, UASP's SCSI under USB, a USB hub). */
    static boolean onUsb(List<String> chain) {
        for (String id : chain) {
            String enumerator = UsbInstanceId.enumerator(id);
            if (enumerator.equals("USB") || enumerator.equals("USBSTOR")) {
                return true;
            }
        }
        return false;
    }
}

package io.mamori.agent.platform.macos;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a disk is: the USB device above its IOMedia in the IOKit registry (vendor and product ids,
 * serial, names), else what {@code diskutil info -plist} says (no ids: they stay unknown), joined
 * with what DiskArbitration described (volume UUID, name, size). Each source that fails leaves its
 * parts unknown with a log line; nothing is made up — a device without a serial has none here.
 */
final class MacDeviceIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(MacDeviceIdentities.class);
    /** Deep enough for USB → hub → controller → PCI; the walk stops at the root well before. */
    static final int MAX_DEPTH = 32;

    private final IoKitNative ioKit;
    private final Commands commands;

    MacDeviceIdentities(IoKitNative ioKit, Commands commands) {
        this.ioKit = ioKit;
        this.commands = commands;
    }

    /** The identity of a disk DiskArbitration described. */
    DeviceIdentity identify(String bsdName, DiskDescription description) {
        Optional<UsbDeviceChain.UsbDevice> usb = usbDevice(bsdName);
        String fsUuid = description.text(DiskDescription.VOLUME_UUID).orElse(null);
        String label = description.text(DiskDescription.VOLUME_NAME).orElse(null);
        long size = description.size();
        if (usb.isEmpty()) {
            Optional<DiskutilInfo> info = diskutil(bsdName);
            if (info.isPresent()) {
                fsUuid = fsUuid != null ? fsUuid : info.get().volumeUuid();
                label = label != null ? label : info.get().volumeName();
                size = size > 0 ? size : info.get().totalSize();
            }
        }
        String vendorName = usb.map(UsbDeviceChain.UsbDevice::vendorName).orElse(description.text(DiskDescription.DEVICE_VENDOR).orElse(null));
        String productName = usb.map(UsbDeviceChain.UsbDevice::productName).orElse(description.text(DiskDescription.DEVICE_MODEL).orElse(null));
        return new DeviceIdentity(usb.isPresent() ? DeviceClass.USB_STORAGE : description.deviceClass(),
                usb.map(UsbDeviceChain.UsbDevice::vendorId).orElse(null), usb.map(UsbDeviceChain.UsbDevice::productId).orElse(null),
                usb.map(UsbDeviceChain.UsbDevice::serial).orElse(null), vendorName, productName, fsUuid, label, size);
    }

    /**
     * The identity of a mounted store the portable watcher found, if diskutil calls it removable
     * media; empty if it does not.
     *
     * @throws IOException when diskutil cannot be run or its answer does not parse: asked again later
     */
    Optional<DeviceIdentity> identifyStore(String bsdName) throws IOException {
        DiskutilInfo info;
        try {
            info = DiskutilInfo.parse(commands.diskutilInfo(bsdName));
        } catch (DiskutilInfo.UnreadablePlist e) {
            throw new IOException("cannot tell whether " + bsdName + " is removable: " + e.getMessage(), e);
        }
        if (!info.removableMedia()) {
            return Optional.empty();
        }
        Optional<UsbDeviceChain.UsbDevice> usb = usbDevice(bsdName);
        DeviceClass deviceClass = usb.isPresent() || info.usb() ? DeviceClass.USB_STORAGE
                : info.sdCard() ? DeviceClass.SD_CARD : DeviceClass.OTHER_REMOVABLE;
        return Optional.of(new DeviceIdentity(deviceClass, usb.map(UsbDeviceChain.UsbDevice::vendorId).orElse(null),
                usb.map(UsbDeviceChain.UsbDevice::productId).orElse(null), usb.map(UsbDeviceChain.UsbDevice::serial).orElse(null),
                usb.map(UsbDeviceChain.UsbDevice::vendorName).orElse(null),
                usb.map(UsbDeviceChain.UsbDevice::productName).orElse(info.mediaName()), info.volumeUuid(), info.volumeName(),
                info.totalSize()));
    }

    private Optional<UsbDeviceChain.UsbDevice> usbDevice(String bsdName) {
        try {
            Optional<UsbDeviceChain.UsbDevice> usb = UsbDeviceChain.find(ioKit.parents(bsdName, MAX_DEPTH));
            if (usb.isEmpty()) {
                LOG.debug("no USB device above {} in the IOKit registry: its vendor, product and serial stay unknown", bsdName);
            }
            return usb;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("the IOKit registry could not be read for {} ({}): its vendor, product and serial stay unknown", bsdName,
                    OsText.clip(String.valueOf(e.getMessage()), 200));
            return Optional.empty();
        }
    }

    private Optional<DiskutilInfo> diskutil(String bsdName) {
        try {
            return Optional.of(DiskutilInfo.parse(commands.diskutilInfo(bsdName)));
        } catch (DiskutilInfo.UnreadablePlist e) {
            LOG.warn("{}: {}; its identity keeps only what DiskArbitration described", bsdName, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("diskutil could not describe {} ({}); its identity keeps only what DiskArbitration described", bsdName,
                    OsText.clip(String.valueOf(e.getMessage()), 200));
        }
        return Optional.empty();
    }
}

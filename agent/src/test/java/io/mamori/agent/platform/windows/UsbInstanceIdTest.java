package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device identity from Windows instance ids. The SanDisk Cruzer Blade pair is the example of the
 * issue "Agent on Windows" (a stick's ids as Device Manager's "Device instance path" shows them);
 * the other ids are written in the same documented form: device id, backslash, instance id
 * (https://learn.microsoft.com/windows-hardware/drivers/install/device-instance-ids, whose own
 * example "PCI\VEN_1000&DEV_0001&SUBSYS_00000000&REV_02\1&08" shows the {@code n&…} form Windows
 * generates where a device reports no serial). None was read from a real machine here.
 */
class UsbInstanceIdTest {

    // the example: USB\VID_v(4)&PID_d(4)\<serial> (learn.microsoft.com/windows-hardware/drivers/install/standard-usb-identifiers)
    private static final String USB = "USB\\VID_0781&PID_5583\\4C530001230922117574";
    // the example: the same stick's disk, as HKLM\SYSTEM\CurrentControlSet\Enum\USBSTOR names it
    private static final String USBSTOR = "USBSTOR\\Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00\\4C530001230922117574&0";

    @Test
    void aUsbDeviceIdGivesVendorProductAndSerial() {
        UsbInstanceId id = UsbInstanceId.usb(USB).orElseThrow();
        assertThat(id.vendorId()).isEqualTo("0781");
        assertThat(id.productId()).isEqualTo("5583");
        assertThat(id.serial()).isEqualTo("4C530001230922117574");
        assertThat(id.composite()).isFalse();
    }

    @Test
    void aUsbstorIdGivesNamesAndTheSerialWithoutItsLunSuffix() {
        UsbInstanceId id = UsbInstanceId.usbStor(USBSTOR).orElseThrow();
        assertThat(id.vendorName()).isEqualTo("SanDisk");
        assertThat(id.productName()).isEqualTo("Cruzer Blade");
        assertThat(id.serial()).isEqualTo("4C530001230922117574");
    }

    @Test
    void aSerialWindowsGeneratedIsUnknownNotMadeUp() {
        // a device without a serial: Windows puts <ParentIdPrefix>&<port> there, second character '&'
        assertThat(UsbInstanceId.usb("USB\\VID_090C&PID_1000\\5&2C7B0B3E&0&1").orElseThrow().serial()).isNull();
        assertThat(UsbInstanceId.usbStor("USBSTOR\\Disk&Ven_Generic&Prod_Flash_Disk&Rev_8.07\\7&1A2B3C4D&0").orElseThrow().serial())
                .isNull();
    }

    @Test
    void caseDoesNotMatterAndIdsComeOutLowerCase() {
        UsbInstanceId id = UsbInstanceId.usb("usb\\vid_0781&pid_5583\\4c530001230922117574").orElseThrow();
        assertThat(id.vendorId()).isEqualTo("0781");
        assertThat(id.serial()).isEqualTo("4c530001230922117574");
        assertThat(UsbInstanceId.usb("USB\\VID_ABCD&PID_EF01\\X1").orElseThrow().vendorId()).isEqualTo("abcd");
        assertThat(UsbInstanceId.usbStor("usbstor\\disk&ven_sandisk&prod_cruzer_blade&rev_1.00\\ABC&0").orElseThrow().productName())
                .isEqualTo("cruzer blade");
    }

    @Test
    void whatDoesNotParseIsEmpty() {
        assertThat(UsbInstanceId.usb("USB\\ROOT_HUB30\\4&2D4D8B3&0&0")).isEmpty();
        assertThat(UsbInstanceId.usb("USB\\VID_07&PID_5583\\X")).isEmpty();
        assertThat(UsbInstanceId.usb(null)).isEmpty();
        assertThat(UsbInstanceId.usbStor("USBSTOR\\Disk\\X")).isEmpty();
        assertThat(UsbInstanceId.usbStor("SCSI\\Disk&Ven_Samsung&Prod_SSD\\4&1&0&000000")).isEmpty();
    }

    @Test
    void theChainOfAUsbStickGivesTheWholeIdentity() {
        // disk, then CM_Get_Parent upwards, as for a stick on an xHCI port (ids in the documented form, not read from a machine)
        List<String> chain = List.of(USBSTOR, USB, "USB\\ROOT_HUB30\\4&2D4D8B3&0&0", "PCI\\VEN_8086&DEV_A36D&SUBSYS_085C1028&REV_10\\3&11583659&0&A0",
                "ACPI\\PNP0A08\\0", "ROOT\\ACPI_HAL\\0000", "HTREE\\ROOT\\0");
        DeviceIdentity identity = DeviceChain.identify(chain, "1A2B-3C4D", "STICK", 16_000_000_000L);
        assertThat(identity).isEqualTo(new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "4C530001230922117574", "SanDisk",
                "Cruzer Blade", "1A2B-3C4D", "STICK", 16_000_000_000L));
    }

    @Test
    void aCompositeDevicesInterfaceGivesWayToTheDeviceAboveIt() {
        List<String> chain = List.of("USBSTOR\\Disk&Ven_Kingston&Prod_DataTraveler&Rev_PMAP\\0019E06B9C85F9A0C7320D17&0",
                "USB\\VID_0951&PID_1666&MI_00\\7&3A0C0F3&0&0000", "USB\\VID_0951&PID_1666\\0019E06B9C85F9A0C7320D17",
                "USB\\ROOT_HUB30\\4&2D4D8B3&0&0");
        DeviceIdentity identity = DeviceChain.identify(chain, null, null, 0);
        assertThat(identity.vendorId()).isEqualTo("0951");
        assertThat(identity.productId()).isEqualTo("1666");
        assertThat(identity.serial()).isEqualTo("0019E06B9C85F9A0C7320D17");
    }

    @Test
    void aDiskNotOnUsbIsOtherRemovableWithUnknownIds() {
        List<String> chain = List.of("SD\\DISK&GENERIC&SD32G&0.0\\5&1A2B3C4D&0&0", "PCI\\VEN_10EC&DEV_522A&SUBSYS_085C1028&REV_01\\4&1&0&00E4");
        DeviceIdentity identity = DeviceChain.identify(chain, "AAAA-BBBB", null, 0);
        assertThat(identity.deviceClass()).isEqualTo(DeviceClass.OTHER_REMOVABLE);
        assertThat(identity.vendorId()).isNull();
        assertThat(identity.serial()).isNull();
        assertThat(identity.fsUuid()).isEqualTo("AAAA-BBBB");
    }

    @Test
    void aUsbChainWhoseIdsDoNotParseIsUsbStorageWithUnknowns() {
        List<String> chain = List.of("USBSTOR\\garbage", "USB\\weird", "USB\\ROOT_HUB30\\4&2D4D8B3&0&0");
        DeviceIdentity identity = DeviceChain.identify(chain, null, null, 0);
        assertThat(identity.deviceClass()).isEqualTo(DeviceClass.USB_STORAGE);
        assertThat(identity.vendorId()).isNull();
        assertThat(identity.productId()).isNull();
        assertThat(identity.serial()).isNull();
        assertThat(identity.vendorName()).isNull();
    }

    @Test
    void aStickWithoutASerialHasNoneEvenWhenUsbstorRepeatsTheGeneratedOne() {
        List<String> chain = List.of("USBSTOR\\Disk&Ven_Generic&Prod_Flash_Disk&Rev_8.07\\6&1A2B3C4D&0&0",
                "USB\\VID_058F&PID_6387\\5&1A2B3C4D&0&2");
        DeviceIdentity identity = DeviceChain.identify(chain, null, null, 0);
        assertThat(identity.vendorId()).isEqualTo("058f");
        assertThat(identity.serial()).isNull();
    }
}

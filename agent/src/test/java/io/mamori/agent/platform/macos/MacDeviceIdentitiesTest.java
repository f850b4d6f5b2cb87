package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who a disk is, from the IOKit chain (fake) and diskutil (fake), fed {@link MacRecorded} values. */
class MacDeviceIdentitiesTest {

    private final DiskDescription stick = new DiskDescription(MacRecorded.stickMounted());

    @Test
    void theUsbDeviceAboveTheMediaGivesVendorProductAndSerial() {
        MacDeviceIdentities identities = new MacDeviceIdentities(new MacFakes.IoKit(Map.of("disk4s1", MacRecorded.stickChain())),
                new MacFakes.Diskutil(Map.of()));

        DeviceIdentity identity = identities.identify("disk4s1", stick);

        assertThat(identity).isEqualTo(new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5567", "4C530001230922117574", "SanDisk",
                "Cruzer Blade", "0E239BC6-F960-3107-89CF-1C97F78BB46B", "STICK", 31_914_983_424L));
    }

    @Test
    void idsAreFourLowercaseHexDigitsAndOutOfRangeOnesAreUnknown() {
        assertThat(UsbDeviceChain.usbId(0x0781L)).contains("0781");
        assertThat(UsbDeviceChain.usbId(0xABCDL)).contains("abcd");
        assertThat(UsbDeviceChain.usbId(0x10000L)).isEmpty();
        assertThat(UsbDeviceChain.usbId(-1L)).isEmpty();
        assertThat(UsbDeviceChain.usbId("0781")).isEmpty();
    }

    @Test
    void newerSystemsSerialKeyIsReadWhenTheOldOneIsMissing() {
        List<Map<String, Object>> chain = List.of(Map.of("idVendor", 0x0951L, "idProduct", 0x1666L, "kUSBSerialNumberString", "60A44C4138",
                "kUSBVendorString", "Kingston", "kUSBProductString", "DataTraveler 3.0"));
        assertThat(UsbDeviceChain.find(chain)).contains(new UsbDeviceChain.UsbDevice("0951", "1666", "60A44C4138", "Kingston",
                "DataTraveler 3.0"));
    }

    @Test
    void withoutAUsbDeviceDiskutilFillsTheVolumePartsAndTheIdsStayUnknown() {
        MacFakes.IoKit ioKit = new MacFakes.IoKit(Map.of());
        ioKit.failure = new IOException("IOServiceGetMatchingService found nothing");
        MacDeviceIdentities identities = new MacDeviceIdentities(ioKit, new MacFakes.Diskutil(Map.of("disk4s1", MacRecorded.diskutilStick())));

        DeviceIdentity identity = identities.identify("disk4s1", new DiskDescription(Map.of("DADeviceProtocol", "USB",
                "DAVolumePath", "/Volumes/STICK")));

        assertThat(identity.vendorId()).isNull();
        assertThat(identity.productId()).isNull();
        assertThat(identity.serial()).as("never made up").isNull();
        assertThat(identity.fsUuid()).isEqualTo("0E239BC6-F960-3107-89CF-1C97F78BB46B");
        assertThat(identity.label()).isEqualTo("STICK");
        assertThat(identity.sizeBytes()).isEqualTo(31_914_983_424L);
    }

    @Test
    void aPlistThatDoesNotParseLeavesThePartsUnknown() {
        MacDeviceIdentities identities = new MacDeviceIdentities(new MacFakes.IoKit(Map.of()),
                new MacFakes.Diskutil(Map.of("disk4s1", "<plist><dict><key>".getBytes(StandardCharsets.UTF_8))));

        DeviceIdentity identity = identities.identify("disk4s1", new DiskDescription(Map.of("DADeviceProtocol", "USB")));

        assertThat(identity).isEqualTo(new DeviceIdentity(DeviceClass.USB_STORAGE, null, null, null, null, null, null, null, 0));
    }

    @Test
    void aStoreDiskutilCallsRemovableIsIdentifiedAndTheInternalOneIsNot() throws IOException {
        MacDeviceIdentities identities = new MacDeviceIdentities(new MacFakes.IoKit(Map.of("disk4s1", MacRecorded.stickChain())),
                new MacFakes.Diskutil(Map.of("disk4s1", MacRecorded.diskutilStick(), "disk3s5", MacRecorded.diskutilInternal())));

        assertThat(identities.identifyStore("disk4s1")).hasValueSatisfying(identity -> {
            assertThat(identity.shortName()).isEqualTo("0781:5567:4C530001230922117574");
            assertThat(identity.label()).isEqualTo("STICK");
        });
        assertThat(identities.identifyStore("disk3s5")).isEmpty();
    }

    @Test
    void aStoreWhosePlistDoesNotParseIsAskedAgainNotTakenAsFixed() {
        MacDeviceIdentities identities = new MacDeviceIdentities(new MacFakes.IoKit(Map.of()),
                new MacFakes.Diskutil(Map.of("disk4s1", "garbage".getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> identities.identifyStore("disk4s1")).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot tell whether disk4s1 is removable");
    }
}

package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bytes of device events, built field by field as the documented structures lay them out:
 * DEV_BROADCAST_HDR and DEV_BROADCAST_DEVICEINTERFACE_W
 * (https://learn.microsoft.com/windows/win32/api/dbt/ns-dbt-dev_broadcast_deviceinterface_w) and
 * DEV_BROADCAST_HANDLE (https://learn.microsoft.com/windows/win32/api/dbt/ns-dbt-dev_broadcast_handle).
 */
class DeviceBroadcastTest {

    /** GUID_DEVINTERFACE_VOLUME, ntddstor.h: {53f5630d-b6bf-11d0-94f2-00a0c91efb8b}. */
    private static final byte[] VOLUME_GUID = guid(0x53f5630d, (short) 0xb6bf, (short) 0x11d0,
            new byte[] {(byte) 0x94, (byte) 0xf2, 0x00, (byte) 0xa0, (byte) 0xc9, 0x1e, (byte) 0xfb, (byte) 0x8b});
    /** A volume interface name of a USB stick, in the form the DBT_DEVICEARRIVAL of GUID_DEVINTERFACE_VOLUME carries. */
    static final String VOLUME_NAME = "\\\\?\\STORAGE#Volume#_??_USBSTOR#Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00"
            + "#4C530001230922117574&0#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}#{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}";

    /** DEV_BROADCAST_DEVICEINTERFACE_W: DWORD size, DWORD type=5, DWORD reserved, GUID, WCHAR name[] NUL-terminated. */
    static ByteBuffer deviceInterface(byte[] classGuid, String name) {
        byte[] wide = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        int size = 12 + 16 + wide.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(size).putInt(5).putInt(0).put(classGuid).put(wide);
        return b.flip();
    }

    static ByteBuffer volumeArrival(String name) {
        return deviceInterface(VOLUME_GUID, name);
    }

    /**
     * DEV_BROADCAST_HANDLE on 64-bit Windows: DWORD size, DWORD type=6, DWORD reserved, 4 bytes of
     * padding, HANDLE dbch_handle, HDEVNOTIFY dbch_hdevnotify, GUID dbch_eventguid, LONG
     * dbch_nameoffset, BYTE dbch_data[1], padded to 8: 56 bytes.
     */
    static ByteBuffer handle64(long handle, long notification) {
        ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(56).putInt(6).putInt(0).putInt(0).putLong(handle).putLong(notification).put(new byte[16]).putInt(0).put((byte) 0);
        return b.position(56).flip();
    }

    private static byte[] guid(int data1, short data2, short data3, byte[] data4) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(data1).putShort(data2).putShort(data3).put(data4);
        return b.array();
    }

    @Test
    void aVolumeArrivalGivesItsClassGuidAndInterfaceName() {
        DeviceBroadcast parsed = DeviceBroadcast.parse(volumeArrival(VOLUME_NAME), 8);
        assertThat(parsed).isEqualTo(new DeviceBroadcast.DeviceInterface("{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}", VOLUME_NAME));
    }

    @Test
    void aHandleEventOn64BitWindowsGivesHandleAndRegistration() {
        DeviceBroadcast parsed = DeviceBroadcast.parse(handle64(0x1a4L, 0x7ff6_1234_5678L), 8);
        assertThat(parsed).isInstanceOfSatisfying(DeviceBroadcast.Handle.class, h -> {
            assertThat(h.handle()).isEqualTo(0x1a4L);
            assertThat(h.notification()).isEqualTo(0x7ff6_1234_5678L);
            assertThat(h.eventGuid()).isEqualTo("{00000000-0000-0000-0000-000000000000}");
        });
    }

    @Test
    void aHandleEventOn32BitWindowsHasNoPaddingBeforeTheHandle() {
        // 32-bit: size, type, reserved, HANDLE@12, HDEVNOTIFY@16, GUID@20, nameoffset@36, data@40 → 44 bytes
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(44).putInt(6).putInt(0).putInt(0x1a4).putInt(0x00c0ffee).put(new byte[16]).putInt(0).putInt(0);
        DeviceBroadcast parsed = DeviceBroadcast.parse(b.flip(), 4);
        assertThat(parsed).isEqualTo(new DeviceBroadcast.Handle(0x1a4L, 0x00c0ffeeL, "{00000000-0000-0000-0000-000000000000}"));
    }

    @Test
    void aTruncatedHeaderIsRejectedWithTheReason() {
        assertThat(DeviceBroadcast.parse(ByteBuffer.allocate(8), 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("truncated").contains("8 bytes"));
        assertThat(DeviceBroadcast.parse(null, 8)).isInstanceOf(DeviceBroadcast.Rejected.class);
    }

    @Test
    void aSizeLargerThanWhatArrivedIsRejected() {
        ByteBuffer whole = volumeArrival(VOLUME_NAME);
        ByteBuffer cut = whole.slice(0, 40);
        assertThat(DeviceBroadcast.parse(cut, 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("dbch_size says").contains("40 arrived"));
    }

    @Test
    void anOversizedOrUndersizedDbchSizeIsRejected() {
        ByteBuffer huge = volumeArrival(VOLUME_NAME);
        huge.putInt(0, 1 << 20);
        assertThat(DeviceBroadcast.parse(huge, 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("outside"));
        ByteBuffer negative = volumeArrival(VOLUME_NAME);
        negative.putInt(0, -1);
        assertThat(DeviceBroadcast.parse(negative, 8)).isInstanceOf(DeviceBroadcast.Rejected.class);
    }

    @Test
    void aNameWithoutItsNulIsRejected() {
        ByteBuffer b = volumeArrival("E");
        ByteBuffer noNul = ByteBuffer.allocate(b.limit() - 2).order(ByteOrder.LITTLE_ENDIAN);
        noNul.put(b.slice(0, b.limit() - 2)).putInt(0, b.limit() - 2);
        assertThat(DeviceBroadcast.parse(noNul.flip(), 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("not NUL-terminated"));
    }

    @Test
    void aHandleEventTooShortForItsPointerSizeIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(44).putInt(6).putInt(0).position(44);
        assertThat(DeviceBroadcast.parse(b.flip(), 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("needs 52 bytes"));
    }

    @Test
    void otherDeviceTypesAreRejected() {
        // DEV_BROADCAST_VOLUME (type 2): size, type, reserved, DWORD unitmask, WORD flags → 18 bytes
        ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(18).putInt(2).putInt(0).putInt(1 << 4).putShort((short) 0);
        assertThat(DeviceBroadcast.parse(b.flip(), 8)).isInstanceOfSatisfying(DeviceBroadcast.Rejected.class,
                r -> assertThat(r.reason()).contains("device type 2"));
    }

    @Test
    void eventTypesHaveTheirDbtNames() {
        assertThat(DeviceBroadcast.EventType.of(0x8000)).isEqualTo(DeviceBroadcast.EventType.ARRIVAL);
        assertThat(DeviceBroadcast.EventType.of(0x8001)).isEqualTo(DeviceBroadcast.EventType.QUERY_REMOVE);
        assertThat(DeviceBroadcast.EventType.of(0x8004)).isEqualTo(DeviceBroadcast.EventType.REMOVE_COMPLETE);
        assertThat(DeviceBroadcast.EventType.of(0x0007)).isEqualTo(DeviceBroadcast.EventType.OTHER);
    }

    @Test
    void theBufferPassedInIsNotMoved() {
        ByteBuffer b = volumeArrival(VOLUME_NAME);
        DeviceBroadcast.parse(b, 8);
        assertThat(b.position()).isZero();
    }
}

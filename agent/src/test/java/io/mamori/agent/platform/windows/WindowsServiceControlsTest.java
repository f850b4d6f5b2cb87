package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the HandlerEx answers to each control, and what it passes on (recorded event data). */
class WindowsServiceControlsTest {

    private final AtomicInteger stops = new AtomicInteger();
    private final List<SessionChange> sessions = new ArrayList<>();
    private final List<ByteBuffer> devices = new ArrayList<>();
    private final List<Integer> deviceTypes = new ArrayList<>();
    private final ServiceControls controls = new ServiceControls(stops::incrementAndGet, sessions::add, (type, data) -> {
        deviceTypes.add(type);
        devices.add(data);
    }, Runnable::run);

    @Test
    void stopAndShutdownStopTheAgentAndAnswerNoError() {
        assertThat(controls.handle(1, 0, 0, null)).isZero();
        assertThat(controls.handle(5, 0, 0, null)).isZero();
        assertThat(stops.get()).isEqualTo(2);
    }

    @Test
    void interrogateIsAnsweredNoErrorAndOtherControlsNotImplemented() {
        assertThat(controls.handle(4, 0, 0, null)).isEqualTo(0);
        // PAUSE, CONTINUE, PARAMCHANGE, POWEREVENT, TIMECHANGE, an unknown user code
        for (int control : new int[] {0x2, 0x3, 0x6, 0xD, 0x10, 0x80}) {
            assertThat(controls.handle(control, 0, 0, null)).as("control 0x" + Integer.toHexString(control)).isEqualTo(120);
        }
        assertThat(stops.get()).isZero();
    }

    @Test
    void aSessionChangeCarriesTheSessionIdFromItsNotification() {
        // WTSSESSION_NOTIFICATION of a remote desktop log-on to session 2: cbSize 8, dwSessionId 2
        RecordedMemory memory = new RecordedMemory(new byte[] {8, 0, 0, 0, 2, 0, 0, 0}, 8);

        assertThat(controls.handle(0xE, SessionChange.WTS_SESSION_LOGON, RecordedMemory.BASE, memory)).isZero();
        assertThat(controls.handle(0xE, SessionChange.WTS_SESSION_LOGOFF, RecordedMemory.BASE, memory)).isZero();

        assertThat(sessions).containsExactly(new SessionChange(5, 2), new SessionChange(6, 2));
        assertThat(sessions.get(0).arrives()).isTrue();
        assertThat(sessions.get(1).ends()).isTrue();
    }

    @Test
    void aDeviceEventIsCopiedWholeSoItOutlivesTheHandlersBuffer() {
        // DEV_BROADCAST_DEVICEINTERFACE_W (dbt.h): dbcc_size, dbcc_devicetype = 5 (DBT_DEVTYP_DEVICEINTERFACE),
        // dbcc_reserved, dbcc_classguid (16 bytes), dbcc_name (UTF-16, NUL-terminated)
        String name = "\\\\?\\USBSTOR#Disk&Ven_SanDisk&Prod_Cruzer#4C530001#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}";
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        int size = 28 + nameBytes.length;
        ByteBuffer recorded = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(size).putInt(5).putInt(0);
        recorded.put(new byte[16]).put(nameBytes);
        byte[] memoryBytes = recorded.array();
        RecordedMemory memory = new RecordedMemory(memoryBytes, 8);

        assertThat(controls.handle(0xB, 0x8000, RecordedMemory.BASE, memory)).as("DBT_DEVICEARRIVAL").isZero();
        java.util.Arrays.fill(memoryBytes, (byte) 0); // Windows reuses its buffer after the handler returns

        ByteBuffer copy = devices.get(0);
        assertThat(deviceTypes).containsExactly(0x8000);
        assertThat(copy.remaining()).isEqualTo(size);
        assertThat(copy.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(copy.getInt(4)).as("dbcc_devicetype").isEqualTo(5);
        byte[] copiedName = new byte[nameBytes.length - 2];
        copy.get(28, copiedName);
        assertThat(new String(copiedName, StandardCharsets.UTF_16LE)).isEqualTo(name);
        assertThat(copy.isReadOnly()).isTrue();
    }

    @Test
    void aDeviceEventWithAnUnbelievableSizeIsPassedOnEmpty() {
        RecordedMemory memory = new RecordedMemory(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0, 0}, 8);
        assertThat(controls.handle(0xB, 0x8004, RecordedMemory.BASE, memory)).isZero();
        assertThat(controls.handle(0xB, 0x8004, 0, memory)).isZero();
        assertThat(devices).hasSize(2).allMatch(data -> data.remaining() == 0);
    }
}

package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows media monitor driven by device events, with the Win32 calls faked: the values they
 * return are the documented ones (GetDriveType's DRIVE_REMOVABLE = 2 and DRIVE_FIXED = 3,
 * GetVolumeInformation's FILE_READ_ONLY_VOLUME = 0x80000, winbase.h/winnt.h on learn.microsoft.com).
 */
class WindowsMediaMonitorTest {

    private static final String STICK_GUID = "\\\\?\\Volume{3f4e1c2a-5b6d-11ef-9a0b-806e6f6e6963}\\";
    private static final String DISK_GUID = "\\\\?\\Volume{7a1b2c3d-0000-0000-0000-100000000000}\\";
    private static final List<String> STICK_CHAIN = List.of("USBSTOR\\Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00\\4C530001230922117574&0",
            "USB\\VID_0781&PID_5583\\4C530001230922117574", "USB\\ROOT_HUB30\\4&2D4D8B3&0&0");
    private static final WindowsFakes.Drive SYSTEM_DISK = new WindowsFakes.Drive("C:\\", VolumeNative.DRIVE_FIXED,
            "\\\\?\\Volume{00000000-0000-0000-0000-000000000001}\\", new VolumeNative.VolumeInformation("NTFS", "", 1, 0), 0,
            List.of("SCSI\\Disk&Ven_NVMe&Prod_Samsung_SSD_980\\5&1&0&000000", "PCI\\VEN_144D&DEV_A809\\4&1&0&0008"));
    private static final WindowsFakes.Drive STICK = new WindowsFakes.Drive("E:\\", VolumeNative.DRIVE_REMOVABLE, STICK_GUID,
            new VolumeNative.VolumeInformation("FAT32", "STICK", 0x1a2b3c4d, 0), 2, STICK_CHAIN);

    @TempDir
    Path roots;
    private WindowsFakes.Volumes volumes;
    private WindowsFakes.Notifications notifications;
    private WindowsFakes.ManualWorker worker;
    private final List<String> heard = new ArrayList<>();
    private final List<Volume> letGo = new ArrayList<>();
    private final List<String> degraded = new ArrayList<>();
    private WindowsMediaMonitor monitor;
    private final MediaMonitor.Listener listener = new MediaMonitor.Listener() {
        @Override
        public void mounted(Volume volume) {
            heard.add("mounted " + volume.mount().mountPoint().getFileName() + " " + volume.mount().options());
        }

        @Override
        public void unmounted(Volume volume) {
            heard.add("unmounted " + volume.mount().mountPoint().getFileName());
        }

        @Override
        public void remounted(Volume volume) {
            heard.add("remounted " + volume.mount().mountPoint().getFileName() + " " + volume.mount().options());
        }
    };

    @BeforeEach
    void machine() {
        volumes = new WindowsFakes.Volumes();
        volumes.add(SYSTEM_DISK);
        notifications = new WindowsFakes.Notifications();
        worker = new WindowsFakes.ManualWorker();
        monitor = monitor(new RecordingFallback());
    }

    private WindowsMediaMonitor monitor(MediaMonitor fallback) {
        RemovableVolumes scanner = new RemovableVolumes(volumes, WindowsFakes.tree(volumes), root -> roots.resolve(root.substring(0, 1)));
        return new WindowsMediaMonitor(scanner, notifications, worker, fallback, degraded::add, letGo::add, 8, 3, Duration.ofSeconds(1));
    }

    @Test
    void aStickAlreadyInIsReportedAtStartAsAMountOfItsVolume() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);

        assertThat(heard).containsExactly("mounted E [rw]");
        Volume volume = monitor.mounted().get(0);
        assertThat(volume.mount()).isEqualTo(new Mount(1, STICK_GUID, roots.resolve("E"), List.of("rw"), "FAT32", "\\\\.\\PhysicalDrive2"));
        assertThat(volume.identity()).isEqualTo(new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "4C530001230922117574",
                "SanDisk", "Cruzer Blade", "1A2B-3C4D", "STICK", 8_000_000_000L));
        assertThat(notifications.watched).containsValue(STICK_GUID);
    }

    @Test
    void anExternalUsbDiskThatWindowsCallsFixedIsWatchedAndTheSystemDiskIsNot() throws IOException {
        volumes.add(new WindowsFakes.Drive("F:\\", VolumeNative.DRIVE_FIXED, DISK_GUID, new VolumeNative.VolumeInformation("exFAT", "", 5, 0),
                3, List.of("SCSI\\Disk&Ven_Samsung&Prod_PSSD_T7\\7&2F0D9E1&0&000000", "USB\\VID_04E8&PID_4001\\S5TCNS0R123456",
                        "USB\\ROOT_HUB30\\4&2D4D8B3&0&0")));
        monitor.start(listener);

        assertThat(heard).containsExactly("mounted F [rw]");
        assertThat(monitor.mounted().get(0).identity().serial()).isEqualTo("S5TCNS0R123456");
    }

    @Test
    void anArrivalIsHandledOnTheMonitorsThreadNotTheHandlers() throws IOException {
        monitor.start(listener);
        volumes.add(STICK);
        volumes.byInterface.put(DeviceBroadcastTest.VOLUME_NAME + "\\", STICK);

        monitor.deviceEvent(0x8000, DeviceBroadcastTest.volumeArrival(DeviceBroadcastTest.VOLUME_NAME));
        assertThat(heard).as("nothing done on the handler's thread").isEmpty();

        worker.drain();
        assertThat(heard).containsExactly("mounted E [rw]");
    }

    @Test
    void aRemovalReportsTheVolumeUnmountedAndLetsGoOfItsHandle() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);
        long handle = notifications.handleOf(STICK_GUID);

        volumes.remove("E:\\");
        monitor.deviceEvent(0x8004, DeviceBroadcastTest.volumeArrival(DeviceBroadcastTest.VOLUME_NAME));
        worker.drain();

        assertThat(heard).containsExactly("mounted E [rw]", "unmounted E");
        assertThat(notifications.released).contains(handle);
        assertThat(monitor.mounted()).isEmpty();
    }

    @Test
    void aQueryRemoveLetsGoOfTheWatchBeforeTheHandlerReturns() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);
        long handle = notifications.handleOf(STICK_GUID);

        monitor.deviceEvent(0x8001, DeviceBroadcastTest.handle64(0x1a4, handle));

        assertThat(letGo).extracting(v -> v.mount().device()).containsExactly(STICK_GUID);
        assertThat(notifications.released).containsExactly(handle);
        assertThat(worker.queue).as("nothing left for later: Windows removes the volume when the handler returns").isEmpty();
    }

    @Test
    void aVetoedRemovalWatchesTheVolumeAgain() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);
        long handle = notifications.handleOf(STICK_GUID);
        monitor.deviceEvent(0x8001, DeviceBroadcastTest.handle64(0x1a4, handle));

        monitor.deviceEvent(0x8002, DeviceBroadcastTest.handle64(0x1a4, handle)); // DBT_DEVICEQUERYREMOVEFAILED
        worker.drain();

        assertThat(heard).containsExactly("mounted E [rw]", "unmounted E", "mounted E [rw]");
        assertThat(notifications.handleOf(STICK_GUID)).isNotEqualTo(handle);
    }

    @Test
    void aVolumeWithoutADriveLetterIsRetriedThenKeptAsNotWatchableAndTheListenerHearsNothing() throws IOException {
        monitor.start(listener);
        WindowsFakes.Drive noLetter = new WindowsFakes.Drive("G:\\", VolumeNative.DRIVE_REMOVABLE, DISK_GUID,
                new VolumeNative.VolumeInformation("NTFS", "", 1, 0), 4, STICK_CHAIN);
        volumes.byInterface.put("\\\\?\\STORAGE#Volume#x\\", noLetter);
        volumes.letterless.add(DISK_GUID);

        monitor.deviceEvent(0x8000, DeviceBroadcastTest.volumeArrival("\\\\?\\STORAGE#Volume#x"));
        worker.queue.poll().run();
        assertThat(monitor.pending()).containsExactly(new WindowsMediaMonitor.Pending(DISK_GUID, 1, true));
        worker.drain();

        assertThat(worker.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(monitor.pending()).containsExactly(new WindowsMediaMonitor.Pending(DISK_GUID, 3, false));
        assertThat(heard).isEmpty();
    }

    @Test
    void aVolumeThatGetsItsLetterOnARetryIsReported() throws IOException {
        monitor.start(listener);
        volumes.add(STICK);
        volumes.byInterface.put(DeviceBroadcastTest.VOLUME_NAME + "\\", STICK);
        volumes.letterless.add(STICK_GUID);

        monitor.deviceEvent(0x8000, DeviceBroadcastTest.volumeArrival(DeviceBroadcastTest.VOLUME_NAME));
        worker.queue.poll().run();
        volumes.letterless.clear(); // Windows assigned E:
        worker.drain();

        assertThat(heard).containsExactly("mounted E [rw]");
        assertThat(monitor.pending()).isEmpty();
    }

    @Test
    void whenWindowsRefusesDeviceNotificationsTheFallbackMonitorTakesOverAndSaysWhy() throws IOException {
        RecordingFallback fallback = new RecordingFallback();
        notifications.refuse = new IOException("RegisterDeviceNotification failed: error 1066");
        monitor = monitor(fallback);

        monitor.start(listener);

        assertThat(fallback.startedWith).isSameAs(listener);
        assertThat(degraded).singleElement().asString().contains("error 1066").contains("fallback");
        assertThat(monitor.mounted()).isSameAs(fallback.volumes);
        monitor.deviceEvent(0x8000, DeviceBroadcastTest.volumeArrival(DeviceBroadcastTest.VOLUME_NAME));
        assertThat(worker.queue).isEmpty();
        monitor.close();
        assertThat(fallback.closed).isTrue();
    }

    @Test
    void aBufferThatCannotBeReadIsLoggedAndTheVolumesAreEnumeratedAgain() throws IOException {
        monitor.start(listener);
        volumes.add(STICK);

        assertThatCode(() -> monitor.deviceEvent(0x8000, ByteBuffer.wrap(new byte[] {1, 2, 3}))).doesNotThrowAnyException();
        assertThatCode(() -> monitor.deviceEvent(0x8000, null)).doesNotThrowAnyException();
        worker.drain();

        assertThat(heard).containsExactly("mounted E [rw]");
    }

    @Test
    void aVolumeTurnedReadOnlyIsReportedRemounted() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);

        volumes.add(new WindowsFakes.Drive("E:\\", VolumeNative.DRIVE_REMOVABLE, STICK_GUID,
                new VolumeNative.VolumeInformation("FAT32", "STICK", 0x1a2b3c4d, VolumeNative.FILE_READ_ONLY_VOLUME), 2, STICK_CHAIN));
        monitor.rescan();

        assertThat(heard).containsExactly("mounted E [rw]", "remounted E [ro]");
        assertThat(monitor.mounted().get(0).mount().readOnly()).isTrue();
    }

    @Test
    void aVolumeWhoseFileSystemCannotBeReadIsStillReported() throws IOException {
        volumes.add(STICK);
        volumes.informationFailure = new IOException("GetVolumeInformation failed: error 1005");
        monitor.start(listener);

        assertThat(heard).containsExactly("mounted E [rw]");
        assertThat(monitor.mounted().get(0).mount().fsType()).isEqualTo("unknown");
        assertThat(monitor.mounted().get(0).identity().vendorId()).isEqualTo("0781");
    }

    @Test
    void theSameVolumeKeepsItsMountIdAcrossRemovalAndReturn() throws IOException {
        volumes.add(STICK);
        monitor.start(listener);
        int first = monitor.mounted().get(0).mount().mountId();
        volumes.remove("E:\\");
        monitor.rescan();
        volumes.add(STICK);
        monitor.rescan();

        assertThat(monitor.mounted().get(0).mount().mountId()).isEqualTo(first);
    }

    /** Stands in for the portable polling monitor written elsewhere. */
    static final class RecordingFallback implements MediaMonitor {
        MediaMonitor.Listener startedWith;
        final List<Volume> volumes = new ArrayList<>();
        boolean closed;

        @Override
        public void start(Listener listener) {
            startedWith = listener;
        }

        @Override
        public List<Volume> mounted() {
            return volumes;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

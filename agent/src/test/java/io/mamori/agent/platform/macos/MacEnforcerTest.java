package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Read-only and deny on macOS with a recording DiskControl for DiskArbitration and the diskutil one over a fake diskutil. */
class MacEnforcerTest {

    /** Records each call; fails the calls named in {@code failing}. */
    static final class RecordingControl implements DiskControl {
        final List<String> calls;
        final Set<String> failing = new HashSet<>();

        RecordingControl(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public String name() {
            return "DiskArbitration";
        }

        private void call(String call) throws IOException {
            calls.add(call);
            if (failing.contains(call.split(" ")[0])) {
                throw new IOException(call.split(" ")[0] + " was refused: status 0xF8DA0002"); // kDAReturnBusy
            }
        }

        @Override
        public void unmount(String bsdName) throws IOException {
            call("DADiskUnmount " + bsdName);
        }

        @Override
        public void mount(String bsdName, List<String> options) throws IOException {
            call("DADiskMountWithArguments " + bsdName + " " + options);
        }

        @Override
        public void eject(String wholeDisk) throws IOException {
            call("DADiskEject " + wholeDisk);
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final RecordingControl diskArbitration = new RecordingControl(calls);
    private final MacFakes.Diskutil diskutil = new MacFakes.Diskutil(Map.of());
    private final MacEnforcer enforcer = new MacEnforcer(diskArbitration, new DiskutilControl(diskutil));
    private final Volume stick = new Volume(new Mount(1, "disk4s1", Path.of("/Volumes/STICK"), List.of("rw"), "msdos", "/dev/disk4s1"),
            new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5567", "4C530001230922117574", null, null, null, null, 0));

    @Test
    void readOnlyUnmountsAndMountsAgainWithRdonlyThroughDiskArbitration() throws IOException {
        enforcer.readOnly(stick);

        assertThat(calls).containsExactly("DADiskUnmount disk4s1", "DADiskMountWithArguments disk4s1 [rdonly]");
        assertThat(diskutil.ran).isEmpty();
    }

    @Test
    void aVolumeMountedReadOnlyAlreadyIsLeftAsItIs() throws IOException {
        Volume readOnly = new Volume(new Mount(1, "disk4s1", Path.of("/Volumes/STICK"), List.of("ro"), "msdos", "/dev/disk4s1"),
                stick.identity());

        enforcer.readOnly(readOnly);

        assertThat(calls).isEmpty();
        assertThat(diskutil.ran).isEmpty();
    }

    @Test
    void writableUnmountsAndMountsAgainWithoutOptionsAndFallsBackToDiskutilMount() throws IOException {
        Volume readOnly = new Volume(new Mount(1, "disk4s1", Path.of("/Volumes/STICK"), List.of("ro"), "msdos", "/dev/disk4s1"),
                stick.identity());
        enforcer.writable(readOnly);
        assertThat(calls).containsExactly("DADiskUnmount disk4s1", "DADiskMountWithArguments disk4s1 []");

        calls.clear();
        diskArbitration.failing.add("DADiskMountWithArguments");
        enforcer.writable(readOnly);
        assertThat(diskutil.ran).containsExactly("mount disk4s1");
    }

    @Test
    void aWritableMountThatFailsBothWaysSaysTheVolumeIsUnmounted() {
        diskArbitration.failing.add("DADiskMountWithArguments");
        diskutil.failing.add("mount");

        assertThatThrownBy(() -> enforcer.writable(stick)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not mount it writable").hasMessageContaining("unmounted now, not mounted again");
    }

    @Test
    void denyUnmountsAndEjectsTheWholeDisk() throws IOException {
        enforcer.deny(stick);

        assertThat(calls).containsExactly("DADiskUnmount disk4s1", "DADiskEject disk4");
    }

    @Test
    void aFailedDiskArbitrationMountFallsBackToDiskutilMountReadOnly() throws IOException {
        diskArbitration.failing.add("DADiskMountWithArguments");

        enforcer.readOnly(stick);

        assertThat(calls).containsExactly("DADiskUnmount disk4s1", "DADiskMountWithArguments disk4s1 [rdonly]");
        assertThat(diskutil.ran).containsExactly("mount readOnly disk4s1");
    }

    @Test
    void aFailedUnmountBothWaysFailsAndSaysTheVolumeIsStillWritable() {
        diskArbitration.failing.add("DADiskUnmount");
        diskutil.failing.add("unmount");

        assertThatThrownBy(() -> enforcer.readOnly(stick)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not unmount it through DiskArbitration")
                .hasMessageContaining("nor through diskutil")
                .hasMessageContaining("still mounted writable");
        assertThat(calls).doesNotContain("DADiskMountWithArguments disk4s1 [rdonly]");
    }

    @Test
    void aFailedReadOnlyMountBothWaysFailsAndSaysTheVolumeIsUnmounted() {
        diskArbitration.failing.add("DADiskMountWithArguments");
        diskutil.failing.add("mount");

        assertThatThrownBy(() -> enforcer.readOnly(stick)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not mount it read-only")
                .hasMessageContaining("unmounted now, not mounted again read-only");
    }

    @Test
    void aFailedEjectBothWaysFailsTheDeny() {
        diskArbitration.failing.add("DADiskEject");
        diskutil.failing.add("eject");

        assertThatThrownBy(() -> enforcer.deny(stick)).isInstanceOf(IOException.class).hasMessageContaining("eject disk disk4")
                .hasMessageContaining("still attached");
        assertThat(diskutil.ran).containsExactly("eject disk4");
    }

    @Test
    void anEjectThatFailsThroughDiskArbitrationIsDoneByDiskutil() throws IOException {
        diskArbitration.failing.add("DADiskEject");

        enforcer.deny(stick);

        assertThat(diskutil.ran).containsExactly("eject disk4");
    }

    @Test
    void aVolumeWithoutABsdNameIsRefusedNotReportedDone() {
        Volume odd = new Volume(new Mount(2, "../../etc", Path.of("/Volumes/X"), List.of("rw"), "msdos", "-rf"), stick.identity());

        assertThatThrownBy(() -> enforcer.readOnly(odd)).isInstanceOf(IOException.class).hasMessageContaining("no BSD disk name");
        assertThat(calls).isEmpty();
        assertThat(diskutil.ran).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.MAC, disabledReason = "on a Mac the real calls would run (and act on a disk)")
    void offAMacDiskArbitrationFailsAndDiskutilIsTried() {
        // on Linux the JNA control cannot load DiskArbitration and /usr/sbin/diskutil does not exist: both fail, the call fails
        MacEnforcer real = new MacEnforcer(new DiskArbitrationControl(), new DiskutilControl(new DiskutilCommands()));
        assertThatThrownBy(() -> real.readOnly(stick)).isInstanceOf(IOException.class).hasMessageContaining("nor through diskutil");
    }
}

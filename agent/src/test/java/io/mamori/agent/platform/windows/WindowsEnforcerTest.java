package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Enforcement on Windows through a recording DiskControl: what is called, in which order, and what is claimed. */
class WindowsEnforcerTest {

    private static final String GUID = "\\\\?\\Volume{3f4e1c2a-5b6d-11ef-9a0b-806e6f6e6963}\\";
    private final Disks disks = new Disks();
    private final WindowsEnforcer enforcer = new WindowsEnforcer(disks);

    private static Volume volume(String source) {
        return new Volume(new Mount(1, GUID, Path.of("E"), List.of("rw"), "FAT32", source),
                new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "4C530001230922117574", null, null, null, null, 0));
    }

    private static final Volume STICK = volume("\\\\.\\PhysicalDrive2");

    @Test
    void readOnlyWriteProtectsTheDiskChecksItThenRemountsTheVolume() throws IOException {
        enforcer.readOnly(STICK);

        assertThat(disks.calls).containsExactly("setDiskReadOnly 2 true", "diskReadOnly 2", "lockAndDismount " + GUID);
        assertThat(disks.policy).isNull();
    }

    @Test
    void aVolumeThatCannotBeLockedIsReportedAsPossiblyStillWritable() {
        disks.fail.add("lockAndDismount");

        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not be locked").hasMessageContaining("may still accept writes")
                .hasMessageContaining("holds a file open");
    }

    @Test
    void anAttributeThatDoesNotReadBackIsAFailureAndTheFallbackSaysItIsNotReadOnlyNow() {
        disks.readBack = false;

        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not read-only now").hasMessageContaining("reads back as cleared")
                .hasMessageContaining("Deny_Write").hasMessageContaining("restart").hasMessageContaining("already mounted");
        assertThat(disks.policy).isEqualTo(1);
        assertThat(disks.calls).doesNotContain("lockAndDismount " + GUID);
    }

    @Test
    void whenThePerDiskSwitchFailsThePolicyIsSetAndTheCallStillFails() {
        disks.fail.add("setDiskReadOnly");

        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class)
                .hasMessageContaining("per-disk switch failed (setDiskReadOnly failed: error 5")
                .hasMessageContaining(WindowsEnforcer.POLICY_LIMIT);
        assertThat(disks.calls).contains("setPolicyDenyWrite true");
    }

    @Test
    void whenBothThePerDiskSwitchAndThePolicyFailBothAreNamed() {
        disks.fail.add("setDiskReadOnly");
        disks.fail.add("setPolicyDenyWrite");

        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not read-only").hasMessageContaining("setDiskReadOnly failed")
                .hasMessageContaining("could not be set either (setPolicyDenyWrite failed");
    }

    @Test
    void aVolumeWithoutADiskNumberGoesStraightToTheFallback() {
        assertThatThrownBy(() -> enforcer.readOnly(volume(null))).hasMessageContaining("disk number is unknown");
        assertThat(disks.calls).containsExactly("policyDenyWrite", "setPolicyDenyWrite true");
    }

    @Test
    void thePolicyTheAgentSetIsRemovedWithTheLastVolumeThatNeededItAndAnAdministratorsIsKept() throws IOException {
        disks.fail.add("setDiskReadOnly");
        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class);
        enforcer.released(STICK);
        assertThat(disks.policy).isNull();

        disks.policy = 1; // set by an administrator
        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class);
        enforcer.released(STICK);
        assertThat(disks.policy).isEqualTo(1);
    }

    @Test
    void writableClearsTheDiskAttributeChecksItThenRemountsTheVolume() throws IOException {
        enforcer.readOnly(STICK);
        disks.calls.clear();
        disks.readBack = false;

        enforcer.writable(STICK);

        assertThat(disks.calls).containsExactly("setDiskReadOnly 2 false", "diskReadOnly 2", "lockAndDismount " + GUID);
    }

    @Test
    void writableFailsWhenTheAttributeStaysSetOrTheVolumeCannotBeRemounted() {
        assertThatThrownBy(() -> enforcer.writable(STICK)).isInstanceOf(IOException.class).hasMessageContaining("reads back as set");
        assertThat(disks.calls).doesNotContain("lockAndDismount " + GUID);

        disks.readBack = false;
        disks.fail.add("lockAndDismount");
        assertThatThrownBy(() -> enforcer.writable(STICK)).isInstanceOf(IOException.class)
                .hasMessageContaining("stays read-only until it is plugged in again").hasMessageContaining("holds a file open");
        assertThatThrownBy(() -> enforcer.writable(volume(null))).hasMessageContaining("disk number is unknown");
    }

    @Test
    void writableRemovesTheDenyWritePolicyTheAgentSetForTheVolume() {
        disks.fail.add("setDiskReadOnly");
        assertThatThrownBy(() -> enforcer.readOnly(STICK)).isInstanceOf(IOException.class);
        assertThat(disks.policy).isEqualTo(1);

        assertThatThrownBy(() -> enforcer.writable(STICK)).as("the per-disk switch still fails").isInstanceOf(IOException.class);
        assertThat(disks.policy).as("but the class-wide policy set for it is gone").isNull();
    }

    @Test
    void denyDismountsThenEjects() throws IOException {
        enforcer.deny(STICK);

        assertThat(disks.calls).containsExactly("lockAndDismount " + GUID, "eject 2");
    }

    @Test
    void aVetoedEjectTakesTheDiskOffline() throws IOException {
        disks.fail.add("eject");
        enforcer.deny(STICK);

        assertThat(disks.calls).containsExactly("lockAndDismount " + GUID, "eject 2", "setDiskOffline 2");
    }

    @Test
    void denyFailsClearlyWhenTheVolumeIsBusyOrNeitherEjectNorOfflineWorks() {
        disks.fail.add("lockAndDismount");
        assertThatThrownBy(() -> enforcer.deny(STICK)).hasMessageContaining("still in use");
        assertThat(disks.calls).containsExactly("lockAndDismount " + GUID);

        disks.fail.clear();
        disks.fail.add("eject");
        disks.fail.add("setDiskOffline");
        assertThatThrownBy(() -> enforcer.deny(STICK)).hasMessageContaining("neither ejected").hasMessageContaining("nor taken offline")
                .hasMessageContaining("may mount it again");
    }

    @Test
    void releasedClearsThePerDiskAttribute() {
        enforcer.released(STICK);
        assertThat(disks.calls).containsExactly("setDiskReadOnly 2 false");
    }

    @Test
    void theDiskNumberComesFromThePhysicalDrivePath() {
        assertThat(WindowsEnforcer.diskNumber(volume("\\\\.\\PhysicalDrive12"))).hasValue(12);
        assertThat(WindowsEnforcer.diskNumber(volume("\\\\.\\physicaldrive3"))).hasValue(3);
        assertThat(WindowsEnforcer.diskNumber(volume("/dev/sdb1"))).isEmpty();
    }

    @Test
    void theDiskAttributeBuffersHaveTheDocumentedLayout() {
        // SET_DISK_ATTRIBUTES: https://learn.microsoft.com/windows/win32/api/winioctl/ns-winioctl-set_disk_attributes
        ByteBuffer set = DiskAttributes.set(DiskAttributes.DISK_ATTRIBUTE_READ_ONLY, true);
        assertThat(set.capacity()).isEqualTo(40);
        assertThat(set.getInt(0)).as("Version = sizeof(SET_DISK_ATTRIBUTES)").isEqualTo(40);
        assertThat(set.get(4)).as("Persist = FALSE").isZero();
        assertThat(set.getLong(8)).as("Attributes").isEqualTo(2);
        assertThat(set.getLong(16)).as("AttributesMask").isEqualTo(2);
        assertThat(DiskAttributes.set(DiskAttributes.DISK_ATTRIBUTE_READ_ONLY, false).getLong(8)).isZero();
        // GET_DISK_ATTRIBUTES: https://learn.microsoft.com/windows/win32/api/winioctl/ns-winioctl-get_disk_attributes
        ByteBuffer got = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 16).putLong(8, 0x3);
        assertThat(DiskAttributes.attributes(got)).isEqualTo(3);
        // CTL_CODE(DeviceType, Function, Method, Access) = DeviceType<<16 | Access<<14 | Function<<2 | Method (winioctl.h)
        assertThat(DiskAttributes.IOCTL_DISK_SET_DISK_ATTRIBUTES).isEqualTo(7 << 16 | 3 << 14 | 0x3d << 2);
        assertThat(DiskAttributes.IOCTL_DISK_GET_DISK_ATTRIBUTES).isEqualTo(7 << 16 | 0x3c << 2);
        assertThat(DiskAttributes.FSCTL_LOCK_VOLUME).isEqualTo(9 << 16 | 6 << 2);
        assertThat(DiskAttributes.FSCTL_DISMOUNT_VOLUME).isEqualTo(9 << 16 | 8 << 2);
    }

    /** Records each call; a call named in {@code fail} throws as the Win32 call would have failed. */
    static final class Disks implements DiskControl {
        final List<String> calls = new ArrayList<>();
        final Set<String> fail = new HashSet<>();
        boolean readBack = true;
        Integer policy;

        private void call(String name, Object... args) throws IOException {
            StringBuilder line = new StringBuilder(name);
            for (Object a : args) {
                line.append(' ').append(a);
            }
            calls.add(line.toString());
            if (fail.contains(name)) {
                throw new IOException(name + " failed: error 5 (Access is denied.)");
            }
        }

        @Override
        public void setDiskReadOnly(int diskNumber, boolean readOnly) throws IOException {
            call("setDiskReadOnly", diskNumber, readOnly);
        }

        @Override
        public boolean diskReadOnly(int diskNumber) throws IOException {
            call("diskReadOnly", diskNumber);
            return readBack;
        }

        @Override
        public void lockAndDismount(String volumeGuidPath) throws IOException {
            call("lockAndDismount", volumeGuidPath);
        }

        @Override
        public void eject(int diskNumber) throws IOException {
            call("eject", diskNumber);
        }

        @Override
        public void setDiskOffline(int diskNumber) throws IOException {
            call("setDiskOffline", diskNumber);
        }

        @Override
        public Integer policyDenyWrite() throws IOException {
            call("policyDenyWrite");
            return policy;
        }

        @Override
        public void setPolicyDenyWrite(boolean deny) throws IOException {
            call("setPolicyDenyWrite", deny);
            policy = deny ? 1 : null;
        }
    }
}

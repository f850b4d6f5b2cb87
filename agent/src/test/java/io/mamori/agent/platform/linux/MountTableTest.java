package io.mamori.agent.platform.linux;

import io.mamori.agent.media.Mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private static final String BEFORE = String.join("\n",
            "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "25 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            "");

    private static final String AFTER = BEFORE + String.join("\n",
            "301 22 7:0 / /media/user/USB\\040STICK rw,nosuid,nodev,relatime shared:180 - ext4 /dev/loop0 rw",
            "305 22 0:58 / /media/user/exfat rw,nosuid,nodev,relatime shared:181 master:3 - fuseblk /dev/loop1 rw,user_id=0",
            "");

    @Test
    void readsTheFieldsProcDescribesWithAnyNumberOfOptionalFields() {
        List<Mount> mounts = MountTable.parse(AFTER).mounts();
        assertThat(mounts).hasSize(4);
        Mount stick = mounts.get(2);
        assertThat(stick.mountId()).isEqualTo(301);
        assertThat(stick.device()).isEqualTo("7:0");
        assertThat(stick.mountPoint()).isEqualTo(Path.of("/media/user/USB STICK"));
        assertThat(stick.fsType()).isEqualTo("ext4");
        assertThat(stick.source()).isEqualTo("/dev/loop0");
        assertThat(stick.readOnly()).isFalse();
        assertThat(stick.fuse()).isFalse();
        assertThat(mounts.get(3).fuse()).isTrue();
    }

    @Test
    void saysWhatWasMountedUnmountedAndRemounted() {
        MountTable before = MountTable.parse(AFTER);
        MountTable after = MountTable.parse(AFTER.replace("301 22 7:0 / /media/user/USB\\040STICK rw,", "301 22 7:0 / /media/user/USB\\040STICK ro,")
                .replace("305 22 0:58 / /media/user/exfat rw,nosuid,nodev,relatime shared:181 master:3 - fuseblk /dev/loop1 rw,user_id=0\n", ""));
        assertThat(MountTable.parse(AFTER).addedSince(MountTable.parse(BEFORE))).extracting(Mount::mountId).containsExactly(301, 305);
        assertThat(after.removedSince(before)).extracting(Mount::mountId).containsExactly(305);
        assertThat(after.remountedSince(before)).extracting(Mount::mountId).containsExactly(301);
        assertThat(after.remountedSince(before).get(0).readOnly()).isTrue();
    }

    @Test
    void unescapesOnlyThreeOctalDigits() {
        assertThat(MountTable.unescape("a\\040b\\011c\\134d")).isEqualTo("a b\tc\\d");
        assertThat(MountTable.unescape("tail\\04")).isEqualTo("tail\\04");
        assertThat(MountTable.unescape("no\\xyz")).isEqualTo("no\\xyz");
    }

    @Test
    void aLineWithoutTheRequiredFieldsIsRefusedNamingIt() {
        assertThatThrownBy(() -> MountTable.parse("22 1 253:1 / / rw\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> MountTable.parse("x 1 253:1 / / rw,relatime - ext4 /dev/vda1 rw\n")).hasMessageContaining("mount id");
    }

    @Test
    void readsThisMachinesOwnMountTable() throws Exception {
        MountTable table = MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo")));
        assertThat(table.mounts()).extracting(Mount::mountPoint).contains(Path.of("/"));
    }
}

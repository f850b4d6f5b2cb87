package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code diskutil info -plist} output ({@link MacRecorded}, constructed in diskutil's format) parsed with dd-plist. */
class DiskutilInfoTest {

    @Test
    void aUsbStickIsRemovableWithItsVolumeUuidNameAndSize() throws Exception {
        DiskutilInfo info = DiskutilInfo.parse(MacRecorded.diskutilStick());

        assertThat(info.busProtocol()).isEqualTo("USB");
        assertThat(info.removableMedia()).isTrue();
        assertThat(info.volumeUuid()).isEqualTo("0E239BC6-F960-3107-89CF-1C97F78BB46B");
        assertThat(info.volumeName()).isEqualTo("STICK");
        assertThat(info.totalSize()).isEqualTo(31_914_983_424L);
        assertThat(info.mountPoint()).isEqualTo("/Volumes/STICK");
        assertThat(info.mediaName()).as("an empty string is unknown").isNull();
    }

    @Test
    void theInternalVolumeIsNotRemovable() throws Exception {
        assertThat(DiskutilInfo.parse(MacRecorded.diskutilInternal()).removableMedia()).isFalse();
    }

    @Test
    void olderSystemsRemovableKeyIsReadWhenRemovableMediaIsMissing() throws Exception {
        byte[] plist = """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict><key>Removable</key><true/><key>BusProtocol</key><string>SATA</string></dict></plist>
                """.getBytes(StandardCharsets.UTF_8);
        assertThat(DiskutilInfo.parse(plist).removableMedia()).isTrue();
    }

    @Test
    void outputThatIsNotAPropertyListIsRefusedWithAClearReason() {
        byte[] garbage = "Could not find disk: disk9s9\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DiskutilInfo.parse(garbage)).isInstanceOf(DiskutilInfo.UnreadablePlist.class)
                .hasMessageContaining("does not parse");
        byte[] array = "<?xml version=\"1.0\"?><plist version=\"1.0\"><array/></plist>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DiskutilInfo.parse(array)).isInstanceOf(DiskutilInfo.UnreadablePlist.class)
                .hasMessageContaining("not a dictionary");
    }
}

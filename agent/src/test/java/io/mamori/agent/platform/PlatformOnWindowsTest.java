package io.mamori.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.quarantine.PersonalFolders;
import io.mamori.protocol.patch.OsFamily;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * What {@code Platform} decides when the OS says Windows, run here on Linux: media are supported,
 * with the Windows parts, and a file watcher whose event-log subscription fails still watches. The
 * monitor is not made here (OSHI picks its Windows code by the OS name); its fall-back is covered by
 * {@code WindowsMediaMonitorTest}. Whether the parts work on Windows is for the Windows CI workflow
 * and a real machine.
 */
class PlatformOnWindowsTest {

    static {
        // JNA's classes decide the OS once, when first loaded: load them under the real name, so that
        // the fake one below cannot make them fail for the rest of this JVM's tests
        if (!com.sun.jna.Platform.isLinux() || com.sun.jna.NativeLibrary.getInstance("c") == null) {
            throw new IllegalStateException("these tests run on Linux");
        }
    }

    @Test
    void onWindowsMediaAreSupportedWithTheWindowsPartsAndNoneThrows() throws Exception {
        String real = System.getProperty("os.name");
        System.setProperty("os.name", "Windows 11");
        try {
            assertThat(Platform.supportsMedia()).isTrue();
            assertThat(Platform.nativeMedia()).isTrue();
            assertThat(Platform.osFamily()).isEqualTo(OsFamily.WINDOWS);
            assertThat(Platform.personalFolders()).as("no release into a home folder until Windows writes as the employee")
                    .isSameAs(PersonalFolders.NONE);
            Enforcer enforcer = Platform.enforcer();
            assertThat(enforcer.getClass().getSimpleName()).isEqualTo("WindowsEnforcer");

            // the event log cannot be reached from here: the files are still watched, their writers unknown
            try (FileActivity files = Platform.fileActivity(written -> { }, Clock.systemUTC(), why -> { })) {
                assertThat(files.getClass().getSimpleName()).as("the portable watcher under the audit-event writers")
                        .isEqualTo("AuditedFileActivity");
            }
        } finally {
            System.setProperty("os.name", real);
        }
    }
}

package io.mamori.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.quarantine.PersonalFolders;
import io.mamori.protocol.patch.OsFamily;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What {@code Platform} decides when the OS says macOS, run here on Linux: media are supported, with
 * the macOS parts, and a root agent's question sockets go under {@code /var/run} (macOS has no
 * {@code /run}). The parts that reach macOS are not made here (JNA and OSHI pick their native code
 * by the OS name); the adapters' own tests cover their logic and their fall-backs.
 */
class PlatformOnMacTest {

    static {
        // JNA's classes decide the OS once, when first loaded: load them under the real name first
        if (!com.sun.jna.Platform.isLinux() || com.sun.jna.NativeLibrary.getInstance("c") == null) {
            throw new IllegalStateException("these tests run on Linux");
        }
    }

    @Test
    void onMacosMediaAreSupportedWithTheMacosParts() {
        String real = System.getProperty("os.name");
        System.setProperty("os.name", "Mac OS X");
        try {
            assertThat(Platform.supportsMedia()).isTrue();
            assertThat(Platform.nativeMedia()).isTrue();
            assertThat(Platform.osFamily()).isEqualTo(OsFamily.MACOS);
            assertThat(Platform.desktopSocketDir()).isEqualTo(Path.of("/var/run/mamori/desktop"));
            assertThat(Platform.personalFolders()).as("no release into a home folder until macOS writes as the employee")
                    .isSameAs(PersonalFolders.NONE);
            assertThat(Platform.enforcer().getClass().getSimpleName()).isEqualTo("MacEnforcer");
        } finally {
            System.setProperty("os.name", real);
        }
        assertThat(Platform.desktopSocketDir()).isEqualTo(Path.of("/run/mamori/desktop"));
    }
}

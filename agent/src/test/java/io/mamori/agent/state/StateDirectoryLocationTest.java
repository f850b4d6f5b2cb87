package io.mamori.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the agent keeps its state, per OS and account, with the OS name and environment given. */
class StateDirectoryLocationTest {

    @Test
    void theWindowsServiceKeepsItsStateUnderProgramData() {
        Path located = StateDirectory.locate(null, "Windows 11", "SYSTEM", "C:\\Windows\\system32\\config\\systemprofile",
                Map.of("ProgramData", "D:\\ProgramData"));
        assertThat(located).isEqualTo(Path.of("D:\\ProgramData", "Mamori", "agent"));
    }

    @Test
    void withoutProgramDataTheServiceFallsBackToItsDefaultPlace() {
        assertThat(StateDirectory.locate(null, "Windows Server 2022", "system", "C:\\x", Map.of()))
                .isEqualTo(Path.of("C:\\ProgramData", "Mamori", "agent"));
    }

    @Test
    void aWindowsUserKeepsItUnderLocalAppData() {
        assertThat(StateDirectory.locate(null, "Windows 10", "tanaka", "C:\\Users\\tanaka", Map.of("LOCALAPPDATA", "C:\\Users\\tanaka\\AppData\\Local")))
                .isEqualTo(Path.of("C:\\Users\\tanaka\\AppData\\Local", "Mamori", "agent"));
    }

    @Test
    void theMacDaemonKeepsItsStateUnderLibraryApplicationSupport() {
        assertThat(StateDirectory.locate(null, "Mac OS X", "root", "/var/root", Map.of()))
                .isEqualTo(Path.of("/Library/Application Support/Mamori/agent"));
    }

    @Test
    void aMacUserKeepsItInTheirOwnLibrary() {
        assertThat(StateDirectory.locate(null, "Mac OS X", "tanaka", "/Users/tanaka", Map.of("XDG_DATA_HOME", "/ignored")))
                .isEqualTo(Path.of("/Users/tanaka/Library/Application Support/Mamori/agent"));
    }

    @Test
    void onAMacTooTheCommandLineAndMamoriAgentStateWin() {
        assertThat(StateDirectory.locate(null, "Mac OS X", "root", "/var/root", Map.of("MAMORI_AGENT_STATE", "/configured")))
                .isEqualTo(Path.of("/configured"));
    }

    @Test
    void linuxIsUnchanged() {
        assertThat(StateDirectory.locate(null, "Linux", "root", "/root", Map.of())).isEqualTo(Path.of("/var/lib/mamori/agent"));
        assertThat(StateDirectory.locate(null, "Linux", "tanaka", "/home/tanaka", Map.of()))
                .isEqualTo(Path.of("/home/tanaka/.local/share/mamori/agent"));
        assertThat(StateDirectory.locate(null, "Linux", "tanaka", "/home/tanaka", Map.of("XDG_DATA_HOME", "/data")))
                .isEqualTo(Path.of("/data/mamori/agent"));
    }

    @Test
    void theCommandLineAndMamoriAgentStateWinEverywhere() {
        assertThat(StateDirectory.locate(Path.of("/given"), "Windows 11", "SYSTEM", "C:\\", Map.of())).isEqualTo(Path.of("/given"));
        assertThat(StateDirectory.locate(null, "Windows 11", "SYSTEM", "C:\\", Map.of("MAMORI_AGENT_STATE", "/configured")))
                .isEqualTo(Path.of("/configured"));
    }
}

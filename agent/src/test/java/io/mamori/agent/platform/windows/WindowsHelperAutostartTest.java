package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HKLM Run value that starts the session helper at every log-on. */
class WindowsHelperAutostartTest {

    /** A Run key in memory, counting writes. */
    static final class FakeRunKey implements RunKeyNative {
        final Map<String, String> values = new HashMap<>();
        int writes;
        boolean denied;

        @Override
        public Optional<String> read(String valueName) {
            return Optional.ofNullable(values.get(valueName));
        }

        @Override
        public void write(String valueName, String commandLine) throws IOException {
            if (denied) {
                throw new IOException("access denied");
            }
            writes++;
            values.put(valueName, commandLine);
        }
    }

    @Test
    void theCommandLineQuotesPathsWithSpacesAndRunsTheHelperWindowless() {
        String line = HelperAutostart.commandLine("C:\\Program Files\\Mamori\\runtime",
                List.of("C:\\Program Files\\Mamori\\lib\\mamori-agent.jar", "C:\\Program Files\\Mamori\\agent-lib\\*"));

        assertThat(line).startsWith("\"C:\\Program Files\\Mamori\\runtime\\bin\\javaw.exe\" -Xmx64m")
                .contains(" -cp \"C:\\Program Files\\Mamori\\lib\\mamori-agent.jar;C:\\Program Files\\Mamori\\agent-lib\\*\" ")
                .endsWith(" io.mamori.agent.cli.AgentCommand session-helper");
    }

    @Test
    void theClassPathIsTheAgentsJarAndTheWildcardBesideItAsTheMsiWritesIt() {
        assertThat(HelperAutostart.classPath("C:\\Program Files\\Mamori\\agent\\mamori-agent.jar"))
                .containsExactly("C:\\Program Files\\Mamori\\agent\\mamori-agent.jar", "C:\\Program Files\\Mamori\\agent\\agent-lib\\*");
        // the same command line as installer/windows/build-msi.sh's HELPER_COMMAND with INSTALLDIR resolved
        String msi = "\"C:\\Program Files\\Mamori\\agent\\runtime\\bin\\javaw.exe\" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -cp \"C:\\Program Files\\Mamori\\agent\\mamori-agent.jar;C:\\Program Files\\Mamori\\agent\\agent-lib\\*\""
                + " io.mamori.agent.cli.AgentCommand session-helper";
        assertThat(HelperAutostart.commandLine("C:\\Program Files\\Mamori\\agent\\runtime",
                HelperAutostart.classPath("C:\\Program Files\\Mamori\\agent\\mamori-agent.jar"))).isEqualTo(msi);
    }

    @Test
    void theValueIsWrittenOnlyWhenMissingOrDifferent() {
        FakeRunKey runKey = new FakeRunKey();
        HelperAutostart autostart = new HelperAutostart(runKey);

        assertThat(autostart.ensure("\"javaw.exe\" -cp a session-helper")).isTrue();
        assertThat(autostart.ensure("\"javaw.exe\" -cp a session-helper")).isFalse();
        assertThat(autostart.ensure("\"javaw.exe\" -cp b session-helper")).as("the agent moved").isTrue();
        assertThat(runKey.writes).isEqualTo(2);
        assertThat(runKey.values).containsEntry("MamoriSessionHelper", "\"javaw.exe\" -cp b session-helper");
    }

    @Test
    void aRunKeyThatCannotBeWrittenIsLoggedNotThrown() {
        FakeRunKey runKey = new FakeRunKey();
        runKey.denied = true;

        assertThat(new HelperAutostart(runKey).ensure("x")).isFalse();
    }
}

package io.mamori.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/**
 * {@code mamori agent service} and {@code session-helper}: listed in the help; the service refused
 * off Windows, the session helper off Windows and macOS (on a Mac it would start and keep trying to
 * connect, so it is not run there).
 */
class WindowsCommandsTest {

    @Test
    void bothAreListedInTheHelp() {
        String help = AgentCommand.commandLine().getUsageMessage();
        assertThat(help).contains("service").contains("session-helper");
    }

    @Test
    void offWindowsTheServiceAndOnLinuxTheSessionHelperRefuseWithExitCodeTwoAndStartNothing() {
        assumeFalse(AgentCommand.isWindows(), "on Windows they are what the service and the log-on run");
        assumeFalse(AgentCommand.isMac(), "on macOS the session helper is what the LaunchAgent runs");
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertThat(AgentCommand.run("service")).isEqualTo(2);
            assertThat(AgentCommand.run("session-helper")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("service").contains("session-helper")
                .contains("macOS");
    }

    @Test
    void theSessionHelpersHelpNamesTheMacLaunchAgentInBothLanguages() {
        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.JAPANESE}) {
            ResourceBundle bundle = ResourceBundle.getBundle("io.mamori.agent.messages", locale);
            assertThat(bundle.getString("session-helper.usage")).contains("macOS").contains("jp.mamori.session-helper");
            assertThat(bundle.getString("socket-dir")).contains("/var/run/mamori/desktop");
        }
    }
}

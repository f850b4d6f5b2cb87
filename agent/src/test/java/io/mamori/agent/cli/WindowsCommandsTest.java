package io.mamori.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code mamori agent service} and {@code session-helper}: listed in the help, refused off Windows. */
class WindowsCommandsTest {

    @Test
    void bothAreListedInTheHelp() {
        String help = AgentCommand.commandLine().getUsageMessage();
        assertThat(help).contains("service").contains("session-helper");
    }

    @Test
    void offWindowsTheyRefuseWithExitCodeTwoAndStartNothing() {
        assumeFalse(AgentCommand.isWindows(), "on Windows they are what the service and the log-on run");
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertThat(AgentCommand.run("service")).isEqualTo(2);
            assertThat(AgentCommand.run("session-helper")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("service").contains("session-helper");
    }
}

package io.mamori.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first administrator's one-time password is shown on a terminal, and kept out of output that may be a log. */
class FirstRunNoticeTest {

    private static final String PASSWORD = "abcd-efgh-jkmn-pqrs-tuvw";

    @TempDir
    Path dataDir;

    private static String printed(Runnable notice) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            notice.run();
        } finally {
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aConsoleWhoseOutputGoesToALogFileWritesThePasswordToAnOwnerOnlyFileNotToTheLog() throws Exception {
        String output = printed(() -> new TerminalFirstRunNotice(dataDir, () -> false).firstAdministrator("admin", PASSWORD));

        assertThat(output).doesNotContain(PASSWORD).contains("first-run-password.txt").contains("admin");
        Path file = dataDir.resolve("first-run-password.txt");
        assertThat(Files.readString(file).strip()).isEqualTo(PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aConsoleOnATerminalShowsThePasswordThereAndWritesNoFile() {
        String output = printed(() -> new TerminalFirstRunNotice(dataDir, () -> true).firstAdministrator("admin", PASSWORD));

        assertThat(output).contains(PASSWORD);
        assertThat(dataDir.resolve("first-run-password.txt")).doesNotExist();
    }
}

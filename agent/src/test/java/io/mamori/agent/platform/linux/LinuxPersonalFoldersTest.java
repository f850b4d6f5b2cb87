package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.testing.Root;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A released file written into the employee's home as the employee (root: setpriv to a real user
 * id, {@code nobody}, whose home here is a folder of the test's, owned by that id).
 */
class LinuxPersonalFoldersTest {

    private static final long NOBODY = 65534;

    @TempDir
    Path dir;

    private Path home;
    private Path content;
    private LinuxPersonalFolders folders;
    private final Actor employee = new Actor("nobody", NOBODY, null, "/usr/bin/cp");

    @BeforeEach
    void aHomeOfTheEmployeesOwn() throws Exception {
        Root.required("writes a file as another user with setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectories(dir.resolve("home/nobody"));
        Files.setPosixFilePermissions(dir.resolve("home"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("Desktop"));
        Root.run("chown", "-R", NOBODY + ":" + NOBODY, home.toString());
        content = Files.writeString(dir.resolve("content"), "社外秘 の資料（合成データ）", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rw-------")); // only root may read it
        folders = new LinuxPersonalFolders(uid -> uid == NOBODY
                ? Optional.of(new LinuxPersonalFolders.Account("nobody", NOBODY, NOBODY, home)) : Optional.empty(), 0);
    }

    @Test
    void theFileIsWrittenIntoTheFolderAsTheEmployeeAndNeverOverAnExistingOne() throws Exception {
        Path first = folders.write(employee, "Desktop", "資料.txt", content);
        Path second = folders.write(employee, "Desktop", "資料.txt", content);

        assertThat(first).isEqualTo(home.resolve("Desktop/資料.txt"));
        assertThat(second).isEqualTo(home.resolve("Desktop/資料 (1).txt"));
        assertThat(Files.readString(first, StandardCharsets.UTF_8)).isEqualTo("社外秘 の資料（合成データ）");
        assertThat(Files.getAttribute(first, "unix:uid")).isEqualTo((int) NOBODY);
    }

    @Test
    void aFolderTheEmployeePointedAtASystemFolderGetsNothing() throws Exception {
        Path system = Files.createDirectories(dir.resolve("etc-like"));
        Files.setPosixFilePermissions(system, PosixFilePermissions.fromString("rwxr-xr-x")); // root's, like /etc
        Files.createSymbolicLink(home.resolve("Documents"), system);
        Root.run("chown", "-h", NOBODY + ":" + NOBODY, home.resolve("Documents").toString());

        assertThatThrownBy(() -> folders.write(employee, "Documents", "cron-job", content)).isInstanceOf(IOException.class)
                .hasMessageContaining("as nobody");
        try (var left = Files.list(system)) {
            assertThat(left).as("nothing written where only root may write").isEmpty();
        }
    }

    @Test
    void aLinkPlantedAtTheFileNameIsNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "root's own file");
        Files.createSymbolicLink(home.resolve("Desktop/report.txt"), victim);

        Path written = folders.write(employee, "Desktop", "report.txt", content);

        assertThat(written).isEqualTo(home.resolve("Desktop/report (1).txt"));
        assertThat(Files.readString(victim)).isEqualTo("root's own file");
    }

    @Test
    void anUnknownOrRootWriterIsRefused() {
        assertThatThrownBy(() -> folders.write(new Actor(null, null, null, null), "Desktop", "a.txt", content))
                .hasMessageContaining("not known");
        assertThatThrownBy(() -> folders.write(new Actor("root", 0L, null, null), "Desktop", "a.txt", content))
                .hasMessageContaining("root");
        assertThatThrownBy(() -> folders.write(new Actor("ghost", 4242L, null, null), "Desktop", "a.txt", content))
                .hasMessageContaining("no account");
    }

    @Test
    void getentReadsAPasswdLine() {
        assertThat(LinuxPersonalFolders.parsePasswd("tanaka:x:1001:1001:田中 太郎,,,:/home/tanaka:/bin/bash\n"))
                .contains(new LinuxPersonalFolders.Account("tanaka", 1001, 1001, Path.of("/home/tanaka")));
        assertThat(LinuxPersonalFolders.parsePasswd("broken:x:abc")).isEmpty();
        assertThat(LinuxPersonalFolders.getent(0)).map(LinuxPersonalFolders.Account::home).contains(Path.of("/root"));
    }
}

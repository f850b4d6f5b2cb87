package io.mamori.protocol.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreWrittenOwnerOnlyInOwnerOnlyDirectories() throws IOException {
        Path keys = PrivateFiles.directory(dir.resolve("keys"));
        PrivateFiles.write(keys.resolve("k.pem"), new byte[] {1, 2, 3});

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("k.pem")))).isEqualTo("rw-------");
        assertThat(PrivateFiles.read(keys.resolve("k.pem"))).containsExactly(1, 2, 3);
        assertThat(keys.resolve(".k.pem.tmp")).doesNotExist();
    }

    @Test
    void aSecretOthersCanReadIsRefused() throws IOException {
        Path file = dir.resolve("leaked.key");
        Files.write(file, new byte[] {1});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> PrivateFiles.read(file)).isInstanceOf(IOException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void aDirectoryOthersCanReadIsRefusedWithTheChmodForADirectory() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x---"));
        Path closed = PrivateFiles.directory(dir.resolve("closed"));

        assertThatThrownBy(() -> PrivateFiles.requireOwnerOnly(open)).isInstanceOf(IOException.class)
                .hasMessageContaining(open.toString()).hasMessageContaining("chmod 700");
        PrivateFiles.requireOwnerOnly(closed); // an owner-only directory passes
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(closed))).isEqualTo("rwx------");
    }
}

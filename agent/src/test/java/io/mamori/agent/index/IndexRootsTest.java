package io.mamori.agent.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRootsTest {

    @TempDir
    Path dir;

    @Test
    void aTildeIsTheHomeFolderAndOnlyFoldersThatExistAreKept() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home").resolve("alice"));
        Path documents = Files.createDirectories(home.resolve("Documents"));
        Path desktop = Files.createDirectories(home.resolve("Desktop"));

        List<Path> roots = IndexRoots.expand(List.of("~/Documents", "~/Desktop", "~/Downloads"), home);

        assertThat(roots).containsExactly(documents.toRealPath(), desktop.toRealPath());
    }

    @Test
    void aStarMatchesWithinOneFolderNameAndNeverAHiddenFolder() throws IOException {
        Path home = dir.resolve("home");
        Path alice = Files.createDirectories(home.resolve("alice").resolve("Documents"));
        Path bob = Files.createDirectories(home.resolve("bob").resolve("Documents"));
        Files.createDirectories(home.resolve(".trash").resolve("Documents"));
        Files.createDirectories(home.resolve("carol"));
        Path archive = Files.createDirectories(dir.resolve("archive-2025"));
        Files.createDirectories(dir.resolve("backup-2025"));

        assertThat(IndexRoots.expand(List.of(home + "/*/Documents"), dir)).containsExactly(alice.toRealPath(),
                bob.toRealPath());
        assertThat(IndexRoots.expand(List.of(dir + "/arch*-20*"), dir)).containsExactly(archive.toRealPath());
    }

    @Test
    void aFolderInsideAnotherIsWalkedOnlyOnce() throws IOException {
        Path home = Files.createDirectories(dir.resolve("alice"));
        Files.createDirectories(home.resolve("Documents"));

        assertThat(IndexRoots.expand(List.of(home + "/Documents", home.toString()), dir)).containsExactly(home.toRealPath());
    }

    @Test
    void aLinkedFolderIsIndexedByItsRealPath() throws IOException {
        Path real = Files.createDirectories(dir.resolve("data").resolve("docs"));
        Path home = Files.createDirectories(dir.resolve("alice"));
        Files.createSymbolicLink(home.resolve("Documents"), real);

        assertThat(IndexRoots.expand(List.of("~/Documents"), home)).containsExactly(real.toRealPath());
    }
}

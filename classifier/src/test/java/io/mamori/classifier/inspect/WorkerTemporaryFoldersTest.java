package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' private temporary folders, and the clean-up of those whose supervisor was killed
 * before it could remove them (a {@link TempDir} stands in for the system's temporary folder).
 */
class WorkerTemporaryFoldersTest {

    @TempDir
    Path base;

    @BeforeEach
    void posixOnly() {
        Assumptions.assumeTrue(base.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "permissions and owners are checked through the POSIX view");
    }

    @Test
    void aFolderIsThisUsersOnlyAndNamesTheProcessThatMadeIt() throws IOException {
        Path folder = WorkerTemporaryFolders.create(base);

        assertThat(folder.getParent()).isEqualTo(base);
        assertThat(folder.getFileName().toString()).startsWith(WorkerTemporaryFolders.PREFIX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(Files.readString(folder.resolve(WorkerTemporaryFolders.OWNER)))
                .startsWith(ProcessHandle.current().pid() + " ")
                .isEqualTo(WorkerTemporaryFolders.ownerLine(ProcessHandle.current()));
    }

    @Test
    void theFolderOfAProcessThatIsStillRunningStays() throws IOException {
        Path folder = WorkerTemporaryFolders.create(base);
        Files.writeString(folder.resolve("spooled.tmp"), "in use");

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now().plus(Duration.ofDays(2)))).isZero();
        assertThat(folder.resolve("spooled.tmp")).exists();
    }

    @Test
    void theFolderOfAProcessThatHasEndedGoesWithAllItHolds() throws Exception {
        Path folder = leftover("mamori-worker-1", endedProcessOwnerLine());
        Files.createDirectories(folder.resolve("nested"));
        Files.writeString(folder.resolve("nested/entry.bin"), "spooled entry");
        Path kept = WorkerTemporaryFolders.create(base);

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isEqualTo(1);
        assertThat(folder).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void aLaterProcessGivenTheSamePidIsAnotherOwner() throws IOException {
        // this process is running, but it is not the one that started in 1970
        Path folder = leftover("mamori-worker-2", ProcessHandle.current().pid() + " 12345\n");

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isEqualTo(1);
        assertThat(folder).doesNotExist();
    }

    @Test
    void aRunningOwnerWhoseStartTimeWasNotKnownKeepsItsFolder() throws IOException {
        // its maker could not read its own start time: a running process of that PID may be it
        Path folder = leftover("mamori-worker-7", ProcessHandle.current().pid() + " -1\n");

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isZero();
        assertThat(folder).exists();
    }

    @Test
    void aFolderWithNoOwnerGoesOnlyWhenItIsOld() throws IOException {
        Path folder = Files.createDirectory(base.resolve("mamori-worker-3"));

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isZero();
        assertThat(folder).exists();
        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now().plus(Duration.ofHours(2)))).isEqualTo(1);
        assertThat(folder).doesNotExist();
    }

    @Test
    void aGarbledOwnerIsLeftAlone() throws IOException {
        Path folder = leftover("mamori-worker-4", "not a process\n");
        Path huge = leftover("mamori-worker-5", "1 2" + " ".repeat(200));

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isZero();
        assertThat(folder).exists();
        assertThat(huge).exists();
    }

    @Test
    void otherNamesAndSymbolicLinksAreNotTouched() throws Exception {
        String ended = endedProcessOwnerLine();
        Path other = leftover("someone-elses-folder", ended);
        Path target = leftover("target-of-a-link", ended);
        Files.writeString(target.resolve("precious.txt"), "not ours to remove");
        Path link = Files.createSymbolicLink(base.resolve("mamori-worker-link"), target);

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now().plus(Duration.ofDays(2)))).isZero();
        assertThat(other).exists();
        assertThat(link).exists();
        assertThat(target.resolve("precious.txt")).exists();
    }

    @Test
    void anotherUsersFolderIsNotTouched() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(root).as("CI runs the tests as root, which can give a folder to another user").isTrue();
        }
        Assumptions.assumeTrue(root, "only root can give a folder to another user");
        Path folder = leftover("mamori-worker-6", endedProcessOwnerLine());
        Files.setOwner(folder, base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThat(WorkerTemporaryFolders.removeLeftovers(base, Instant.now())).isZero();
        assertThat(folder).exists();
    }

    private Path leftover(String name, String ownerLine) throws IOException {
        Path folder = Files.createDirectory(base.resolve(name));
        Files.writeString(folder.resolve(WorkerTemporaryFolders.OWNER), ownerLine, StandardCharsets.US_ASCII);
        return folder;
    }

    /** The owner line a process wrote while it ran, read after it has ended. */
    private static String endedProcessOwnerLine() throws Exception {
        Process process = new ProcessBuilder("sleep", "30").start();
        String line = WorkerTemporaryFolders.ownerLine(process.toHandle());
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return line;
    }
}

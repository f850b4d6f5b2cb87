package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Root;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fanotify on a real loop-mounted ext4 image: who wrote which file, and not the agent's own writes. Root; runs in CI. */
class LinuxFileActivityTest {

    @TempDir
    Path dir;

    @Test
    void reportsAFileWrittenByAnotherProgramWithItsUserAndProgramButNotTheAgentsOwnWrites() throws Exception {
        Root.required("fanotify needs CAP_SYS_ADMIN");
        Path image = dir.resolve("stick.img");
        Root.run("truncate", "-s", "8M", image.toString());
        Root.run("mkfs.ext4", "-q", "-F", image.toString());
        Path mountPoint = Files.createDirectories(dir.resolve("mnt"));
        Root.run("mount", "-o", "loop", image.toString(), mountPoint.toString());
        BlockingQueue<FileActivity.FileWritten> written = new LinkedBlockingQueue<>();
        try (FileActivity activity = LinuxPlatform.fileActivity(written::add, Clock.systemUTC())) {
            Mount mount = MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo"))).mounts().stream()
                    .filter(m -> m.mountPoint().equals(mountPoint)).findFirst().orElseThrow();
            Volume volume = new Volume(mount, new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "T1", null, null, null,
                    null, 8L * 1024 * 1024));
            activity.watch(volume);

            Files.writeString(mountPoint.resolve("own.txt"), "written by the agent itself");
            Path source = Files.writeString(dir.resolve("見積書.txt"), "合成データ");
            Root.run("cp", source.toString(), mountPoint.resolve("見積書.txt").toString());

            FileActivity.FileWritten event = written.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("a close-write event").isNotNull();
            assertThat(event.path()).isEqualTo(mountPoint.resolve("見積書.txt"));
            assertThat(event.volume()).isEqualTo(volume);
            assertThat(event.actor().user()).as("cp has exited: the user comes from the file's owner").isEqualTo("root");
            assertThat(event.actor().uid()).isZero();
            assertThat(event.actor().pid()).isPositive();

            // a writer still running when its event is read is named with its program
            Root.run("sh", "-c", "cat '" + source + "' > '" + mountPoint.resolve("名簿.txt") + "'; sleep 2");
            FileActivity.FileWritten shell = written.poll(10, TimeUnit.SECONDS);
            assertThat(shell).isNotNull();
            assertThat(shell.path()).isEqualTo(mountPoint.resolve("名簿.txt"));
            assertThat(shell.actor().program()).as("the shell that closed the file").contains("sh");
            assertThat(shell.actor().user()).isEqualTo("root");
            assertThat(written.poll(1, TimeUnit.SECONDS)).as("the agent's own write is not reported").isNull();
            activity.unwatch(volume);
        } finally {
            Root.run("umount", mountPoint.toString());
        }
    }

    @Test
    void namesUsersFromThePasswordFileAndFallsBackToTheNumber() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nyamada:x:1001:1001::/home/yamada:/bin/bash\n");
        ProcessOwners owners = new ProcessOwners(dir.resolve("proc"), passwd);
        assertThat(owners.userName(1001)).isEqualTo("yamada");
        assertThat(owners.userName(4242)).isEqualTo("4242");
        assertThat(owners.actor(123).pid()).isEqualTo(123);
        assertThat(owners.actor(123).user()).isNull();
    }

}

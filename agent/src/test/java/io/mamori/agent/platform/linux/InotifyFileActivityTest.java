package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.FileActivity.FileWritten;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.agent.testing.Root;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inotify, and the choice between it and fanotify, on real loop-mounted images: ext4, and exFAT
 * through FUSE. Root; runs in CI.
 */
class InotifyFileActivityTest {

    private static final String READER = "mamori-file-activity-inotify";

    @TempDir
    Path dir;

    private final BlockingQueue<FileWritten> written = new LinkedBlockingQueue<>();

    @Test
    void reportsACopyOntoExfatThroughFuseWithItsPathVolumeAndOwner() throws Exception {
        Root.required("loop and FUSE mounts need root");
        try (Images images = new Images()) {
            Volume volume = images.exfat("exfat");
            Path mountPoint = volume.mount().mountPoint();
            try (FileActivity activity = LinuxPlatform.fileActivity(written::add, Clock.systemUTC())) {
                activity.watch(volume);
                Path source = Files.writeString(dir.resolve("見積書.txt"), "合成データ");
                Root.run("cp", source.toString(), mountPoint.resolve("見積書.txt").toString());

                FileWritten event = written.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("the copy is reported").isNotNull();
                assertThat(event.path()).isEqualTo(mountPoint.resolve("見積書.txt"));
                assertThat(event.volume()).isEqualTo(volume);
                assertThat(event.actor().user()).isEqualTo("root");
                assertThat(event.actor().uid()).isZero();
                activity.unwatch(volume);
            }
        }
    }

    @Test
    void watchesAVolumeWithInotifyWhenFanotifyRefusesItsMount() throws Exception {
        Root.required("loop and FUSE mounts need root");
        FileActivity refusing = new FileActivity() {
            @Override
            public void watch(Volume volume) throws IOException {
                throw new IOException("fanotify cannot watch " + volume.mount().mountPoint() + " (errno 19)");
            }

            @Override
            public void unwatch(Volume volume) {
                throw new AssertionError("a volume fanotify refused is not fanotify's to unwatch");
            }

            @Override
            public void close() {
            }
        };
        try (Images images = new Images();
                FileActivity activity = new FallbackFileActivity(refusing, () -> InotifyFileActivity.start(written::add, Clock.systemUTC()))) {
            Volume volume = images.exfat("exfat");
            Path mountPoint = volume.mount().mountPoint();
            activity.watch(volume);
            Path source = Files.writeString(dir.resolve("名簿.csv"), "氏名,電話\n");
            Root.run("cp", source.toString(), mountPoint.resolve("名簿.csv").toString());

            FileWritten event = written.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("inotify reports the copy").isNotNull();
            assertThat(event.path()).isEqualTo(mountPoint.resolve("名簿.csv"));
            assertThat(event.volume()).isEqualTo(volume);
            assertThat(event.actor().user()).as("the owner, as the mount gives it").isEqualTo("root");
            assertThat(event.actor().pid()).as("inotify does not tell the writer").isNull();
            assertThat(event.actor().program()).isNull();
            activity.unwatch(volume);
        }
    }

    @Test
    void reportsEachFileOfARecursiveCopyOnceAndNoDirectory() throws Exception {
        Root.required("loop mounts need root");
        Path tree = dir.resolve("tree");
        Set<Path> relative = new HashSet<>();
        for (int top = 0; top < 5; top++) {
            for (String sub : List.of("", "/下書き")) {
                Path folder = Files.createDirectories(tree.resolve("案件" + top + sub));
                for (int file = 0; file < 50; file++) {
                    Path path = Files.writeString(folder.resolve("文書" + file + ".txt"), "合成データ " + top + sub + " " + file);
                    relative.add(dir.relativize(path));
                }
            }
        }
        assertThat(relative).hasSize(500);
        try (Images images = new Images(); FileActivity activity = InotifyFileActivity.start(written::add, Clock.systemUTC())) {
            Volume volume = images.ext4("ext4");
            Path mountPoint = volume.mount().mountPoint();
            activity.watch(volume);
            Root.run("cp", "-r", tree.toString(), mountPoint.toString());

            List<FileWritten> events = untilQuiet();
            List<Path> paths = events.stream().map(FileWritten::path).toList();
            assertThat(paths).as("no file twice").doesNotHaveDuplicates();
            assertThat(paths).as("no directory").allSatisfy(path -> assertThat(path).isRegularFile());
            assertThat(paths.stream().map(mountPoint::relativize).collect(Collectors.toSet()))
                    .as("every file").isEqualTo(relative);
            assertThat(events).allSatisfy(event -> assertThat(event.volume()).isEqualTo(volume));
        }
    }

    @Test
    void reportsTheFinalNameOfAFileWrittenUnderATemporaryNameAndRenamed() throws Exception {
        Root.required("loop mounts need root");
        try (Images images = new Images(); FileActivity activity = InotifyFileActivity.start(written::add, Clock.systemUTC())) {
            Volume volume = images.ext4("ext4");
            Path mountPoint = volume.mount().mountPoint();
            Files.createDirectories(mountPoint.resolve("報告"));
            activity.watch(volume);
            Path temporary = mountPoint.resolve("報告/~wrl0001.tmp");
            Path last = mountPoint.resolve("報告/報告書.docx");
            Root.run("sh", "-c", "echo 合成データ > '" + temporary + "' && mv '" + temporary + "' '" + last + "'");

            List<Path> paths = untilQuiet().stream().map(FileWritten::path).toList();
            assertThat(paths).contains(last);
            assertThat(paths).as("only names the file had").isSubsetOf(temporary, last);
        }
    }

    @Test
    void reportsNamesThatAreNotUtf8SoThatTheFileCanBeOpened() throws Exception {
        Root.required("loop mounts need root");
        try (Images images = new Images(); FileActivity activity = InotifyFileActivity.start(written::add, Clock.systemUTC())) {
            Volume volume = images.ext4("ext4");
            Path mountPoint = volume.mount().mountPoint();
            activity.watch(volume);
            // "café" in Latin-1, in a directory named in Latin-1 too: bytes that are not UTF-8
            Root.run("sh", "-c", "cd '" + mountPoint + "' && d=$(printf 'r\\351sum\\351') && mkdir \"$d\" && sleep 0.3"
                    + " && printf 'synthetic' > \"$d/$(printf 'caf\\351.txt')\"");

            FileWritten event = written.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(Files.readString(event.path())).isEqualTo("synthetic");
            assertThat(event.path().toUri().getRawPath()).endsWith("/r%E9sum%E9/caf%E9.txt");
        }
    }

    @Test
    void keepsServingOtherVolumesWhenOneIsUnmountedAndUnwatched() throws Exception {
        Root.required("loop mounts need root");
        try (Images images = new Images(); FileActivity activity = InotifyFileActivity.start(written::add, Clock.systemUTC())) {
            Volume gone = images.ext4("gone");
            Volume staying = images.ext4("staying");
            Files.createDirectories(gone.mount().mountPoint().resolve("a/b/c"));
            activity.watch(gone);
            activity.watch(staying);

            images.unmount(gone);
            assertThatCode(() -> activity.unwatch(gone)).doesNotThrowAnyException();
            assertThatCode(() -> activity.unwatch(gone)).as("twice").doesNotThrowAnyException();
            Path source = Files.writeString(dir.resolve("source.txt"), "合成データ");
            Root.run("cp", source.toString(), staying.mount().mountPoint().resolve("after.txt").toString());

            FileWritten event = written.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("the other volume is still served").isNotNull();
            assertThat(event.path()).isEqualTo(staying.mount().mountPoint().resolve("after.txt"));
            assertThat(readers()).hasSize(1);
        }
    }

    @Test
    void closeStopsTheReaderThread() throws Exception {
        Root.required("loop mounts need root");
        try (Images images = new Images()) {
            Volume volume = images.ext4("ext4");
            FileActivity activity = InotifyFileActivity.start(written::add, Clock.systemUTC());
            activity.watch(volume);
            assertThat(readers()).hasSize(1);
            activity.close();
            assertThat(readers()).as("close() waits for the reader, which poll() no longer holds").isEmpty();
        }
    }

    @Test
    void rescansAfterTheQueueOverflowsAndReportsAFileWhoseEventWasLost() throws Exception {
        Root.required("loop mounts need root");
        // readAllLines reads from offset 0 at once; a sysctl file read piecewise gives its first byte only
        int queueLength = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_queued_events")).get(0).trim());
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        FileActivity.Listener stalling = event -> {
            written.add(event);
            stalled.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS); // the reader stops reading: the kernel's queue fills
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Images images = new Images(); FileActivity activity = InotifyFileActivity.start(stalling, Clock.systemUTC())) {
            Volume volume = images.ext4("ext4");
            Path mountPoint = volume.mount().mountPoint();
            activity.watch(volume);
            Files.writeString(mountPoint.resolve("first.txt"), "first");
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i <= queueLength; i++) {
                // two names in turn: the kernel merges an event only with an identical one before it
                Files.writeString(mountPoint.resolve(i % 2 == 0 ? "even.txt" : "odd.txt"), Integer.toString(i));
            }
            Path lost = Files.createDirectories(mountPoint.resolve("後で"));
            Files.writeString(lost.resolve("lost.txt"), "written while the queue was full");
            resume.countDown();

            Set<Path> paths = untilQuiet().stream().map(FileWritten::path).collect(Collectors.toSet());
            assertThat(paths).contains(lost.resolve("lost.txt"));
        }
    }

    /** Events until none came for three seconds (at most a minute). */
    private List<FileWritten> untilQuiet() throws InterruptedException {
        List<FileWritten> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        FileWritten event;
        while (System.nanoTime() < deadline && (event = written.poll(3, TimeUnit.SECONDS)) != null) {
            events.add(event);
        }
        return events;
    }

    private static List<Thread> readers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(READER) && t.isAlive()).toList();
    }

    /**
     * Images made and mounted in the temporary directory, each on a loop device of its own; closing
     * unmounts and detaches what is still mounted.
     */
    private final class Images implements AutoCloseable {

        private final Map<Path, String> mounted = new LinkedHashMap<>();

        Volume ext4(String name) throws Exception {
            Path image = dir.resolve(name + ".img");
            Root.run("truncate", "-s", "32M", image.toString());
            Root.run("mkfs.ext4", "-q", "-F", image.toString());
            return mount(image, name, "mount", "-t", "ext4");
        }

        Volume exfat(String name) throws Exception {
            Path image = dir.resolve(name + ".img");
            Root.run("truncate", "-s", "32M", image.toString());
            Root.run("mkfs.exfat", image.toString());
            return mount(image, name, "mount.exfat-fuse");
        }

        private Volume mount(Path image, String name, String... mountCommand) throws Exception {
            Path mountPoint = Files.createDirectories(dir.resolve(name));
            String loop = Root.run("losetup", "--find", "--show", image.toString()).trim();
            try {
                // a free loop device can still carry the read-only flag an earlier user set on it
                Root.run("blockdev", "--setrw", loop);
                List<String> command = new ArrayList<>(List.of(mountCommand));
                command.addAll(List.of(loop, mountPoint.toString()));
                Root.run(command.toArray(String[]::new));
            } catch (Exception e) {
                Root.run("losetup", "-d", loop);
                throw e;
            }
            mounted.put(mountPoint, loop);
            Mount mount = MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo"))).mounts().stream()
                    .filter(m -> m.mountPoint().equals(mountPoint)).findFirst().orElseThrow();
            assertThat(mount.readOnly()).as("mounted read-write").isFalse();
            return new Volume(mount, new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", name, null, null, null, null,
                    32L * 1024 * 1024));
        }

        void unmount(Volume volume) throws Exception {
            Path mountPoint = volume.mount().mountPoint();
            String loop = mounted.remove(mountPoint);
            try {
                Root.run("umount", mountPoint.toString());
            } finally {
                Root.run("losetup", "-d", loop);
            }
        }

        @Override
        public void close() {
            IllegalStateException failure = null;
            for (Map.Entry<Path, String> entry : mounted.entrySet()) {
                for (String[] command : List.of(new String[] {"umount", entry.getKey().toString()}, new String[] {"losetup", "-d", entry.getValue()})) {
                    try {
                        Root.run(command);
                    } catch (Exception e) {
                        failure = new IllegalStateException("an image stays mounted: " + e.getMessage(), e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}

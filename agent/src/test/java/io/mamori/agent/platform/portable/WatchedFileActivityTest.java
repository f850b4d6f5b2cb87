package io.mamori.agent.platform.portable;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.agent.testing.Await;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.Watchable;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable file watcher: with the JDK's real watch service on a folder standing in for a
 * volume (no root needed), and with a watch service that overflows on demand.
 */
class WatchedFileActivityTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.OTHER_REMOVABLE, null, null, null, null, null,
            null, "STICK", 0);

    @TempDir
    Path dir;

    private final List<FileActivity.FileWritten> written = new CopyOnWriteArrayList<>();

    private Volume volume(Path mountPoint) {
        return new Volume(new Mount(1, "/dev/sdb1", mountPoint, List.of("rw"), "exfat", "/dev/sdb1"), STICK);
    }

    private List<Path> paths() {
        return written.stream().map(FileActivity.FileWritten::path).toList();
    }

    private static FileActivity real(FileActivity.Listener listener, WatchedFileActivity.WriterCheck writers) throws IOException {
        return WatchedFileActivity.start(listener, Clock.systemUTC(), writers);
    }

    @Test
    void aFileWrittenIsReportedOnceWhenItHoldsStillAndWhatWasThereBeforeIsNot() throws Exception {
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Files.writeString(stick.resolve("before.txt"), "there before the stick was watched");
        try (FileActivity activity = real(written::add, WatchedFileActivity.WriterCheck.SETTLED_IS_CLOSED)) {
            activity.watch(volume(stick));
            Path file = stick.resolve("議事録.txt");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < 20; i++) {
                    out.write(("第" + i + "回\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            Await.until("the file is reported", Duration.ofSeconds(10), () -> paths().contains(file));
            Thread.sleep(3 * WatchedFileActivity.SETTLE_MILLIS);
            assertThat(paths()).containsExactly(file);
            FileActivity.FileWritten report = written.get(0);
            assertThat(report.volume().mount().mountPoint()).isEqualTo(stick);
            assertThat(report.actor()).as("the watch service does not tell who wrote, and the event says so")
                    .isEqualTo(io.mamori.protocol.event.Actor.unknown(WatchedFileActivity.NO_WRITER));

            Files.writeString(file, "changed later");
            Await.until("the change is reported", Duration.ofSeconds(10), () -> written.size() == 2);
        }
    }

    @Test
    void aFolderTreeCopiedInIsReportedFileByFileAndAnUnwatchedVolumeIsNot() throws Exception {
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Path other = Files.createDirectories(dir.resolve("other"));
        try (FileActivity activity = real(written::add, WatchedFileActivity.WriterCheck.SETTLED_IS_CLOSED)) {
            activity.watch(volume(stick));
            activity.watch(new Volume(new Mount(2, "/dev/sdc1", other, List.of("rw"), "ext4", "/dev/sdc1"), STICK));
            List<Path> expected = new ArrayList<>();
            Path staging = Files.createDirectories(dir.resolve("staging/案件"));
            for (int d = 0; d < 3; d++) {
                Path sub = Files.createDirectories(staging.resolve("d" + d).resolve("deeper"));
                for (int f = 0; f < 10; f++) {
                    Files.writeString(sub.resolve("f" + f + ".txt"), "file " + d + "/" + f);
                    expected.add(stick.resolve("案件").resolve("d" + d).resolve("deeper").resolve("f" + f + ".txt"));
                }
            }
            // a whole tree arrives at once, as a move or a fast cp -r makes it: files exist before their folder is watched
            Files.move(staging, stick.resolve("案件"));
            Await.until("every file is reported", Duration.ofSeconds(20), () -> paths().containsAll(expected));

            activity.unwatch(volume(other));
            Files.writeString(other.resolve("after.txt"), "not watched any more");
            Files.writeString(stick.resolve("still.txt"), "still watched");
            Await.until("the watched stick still reports", Duration.ofSeconds(10), () -> paths().contains(stick.resolve("still.txt")));
            assertThat(paths()).doesNotContain(other.resolve("after.txt")).hasSize(expected.size() + 1);
        }
    }

    @Test
    void aFileIsNotReportedWhileItsWriterHoldsIt() throws Exception {
        Path stick = Files.createDirectories(dir.resolve("stick"));
        AtomicBoolean closed = new AtomicBoolean(false);
        try (FileActivity activity = real(written::add, file -> closed.get())) {
            activity.watch(volume(stick));
            Files.writeString(stick.resolve("held.csv"), "still open, says the OS");
            Thread.sleep(5 * WatchedFileActivity.SETTLE_MILLIS);
            assertThat(written).as("settled, but the writer still has it").isEmpty();
            closed.set(true);
            Await.until("reported once let go", Duration.ofSeconds(10), () -> paths().contains(stick.resolve("held.csv")));
        }
    }

    @Test
    void anOverflowWalksTheVolumeAgainForFilesModifiedSinceItWasLastQuiet() throws Exception {
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Path old = Files.writeString(stick.resolve("old.txt"), "copied last week");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(7))));
        OverflowingService service = new OverflowingService();
        try (FileActivity activity = new WatchedFileActivity(service, false, (s, folder, tree) -> service.key(folder), file -> true,
                written::add, Clock.systemUTC())) {
            activity.watch(volume(stick));
            Thread.sleep(100); // the watcher finds the service quiet
            Path lost = Files.writeString(Files.createDirectories(stick.resolve("new")).resolve("lost.txt"), "its event was lost");
            service.overflow(stick);
            Await.until("the lost file is found", Duration.ofSeconds(10), () -> paths().contains(lost));
            Thread.sleep(3 * WatchedFileActivity.SETTLE_MILLIS);
            assertThat(paths()).containsExactly(lost);
            assertThat(service.registered).as("the new folder is watched from now on").contains(stick.resolve("new"));
        }
    }

    /** A watch service whose keys deliver what the test says: here, an overflow. */
    private static final class OverflowingService implements WatchService {
        final BlockingQueue<WatchKey> signalled = new LinkedBlockingQueue<>();
        final Set<Path> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Map<Path, Key> keys = new java.util.concurrent.ConcurrentHashMap<>();

        WatchKey key(Path folder) {
            registered.add(folder);
            return keys.computeIfAbsent(folder, Key::new);
        }

        void overflow(Path folder) {
            Key key = keys.get(folder);
            key.events.add(new WatchEvent<Object>() {
                @Override
                public Kind<Object> kind() {
                    return StandardWatchEventKinds.OVERFLOW;
                }

                @Override
                public int count() {
                    return 1;
                }

                @Override
                public Object context() {
                    return null;
                }
            });
            signalled.add(key);
        }

        @Override
        public void close() {
        }

        @Override
        public WatchKey poll() {
            return signalled.poll();
        }

        @Override
        public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
            return signalled.poll(timeout, unit);
        }

        @Override
        public WatchKey take() throws InterruptedException {
            return signalled.take();
        }
    }

    private static final class Key implements WatchKey {
        final Path folder;
        final List<WatchEvent<?>> events = new CopyOnWriteArrayList<>();

        Key(Path folder) {
            this.folder = folder;
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public List<WatchEvent<?>> pollEvents() {
            List<WatchEvent<?>> taken = new ArrayList<>(events);
            events.clear();
            return taken;
        }

        @Override
        public boolean reset() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public Watchable watchable() {
            return folder;
        }
    }
}

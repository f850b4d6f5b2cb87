package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written on a volume, from FSEvents batches the test hands in as the stream would (flag
 * values of FSEvents.h), over real files in a temporary folder standing for the volume.
 */
class MacFileActivityTest {

    private static final int FILE_CREATED = FsEventFlags.ITEM_IS_FILE | FsEventFlags.ITEM_CREATED;
    private static final int FILE_MODIFIED = FsEventFlags.ITEM_IS_FILE | FsEventFlags.ITEM_MODIFIED;
    private static final int FILE_REMOVED = FsEventFlags.ITEM_IS_FILE | FsEventFlags.ITEM_REMOVED;
    private static final int DIR_CREATED = FsEventFlags.ITEM_IS_DIR | FsEventFlags.ITEM_CREATED;

    /** FSEvents faked: hands each root's batch consumer to the test, or fails to start. */
    static final class FakeFsEvents implements FsEventsNative {
        final List<Consumer<List<FsEvent>>> streams = new ArrayList<>();
        IOException failure;
        int closed;

        @Override
        public Stream watch(Path root, Consumer<List<FsEvent>> events) throws IOException {
            if (failure != null) {
                throw failure;
            }
            streams.add(events);
            return () -> closed++;
        }

        void send(FsEvent... events) {
            streams.get(streams.size() - 1).accept(List.of(events));
        }
    }

    @TempDir
    Path root;
    private final FakeFsEvents fsEvents = new FakeFsEvents();
    private final List<FileActivity.FileWritten> written = new CopyOnWriteArrayList<>();
    private final List<String> degraded = new ArrayList<>();
    private final List<String> portableWatched = new ArrayList<>();
    private MacFileActivity activity;

    private Volume volume() {
        return new Volume(new Mount(1, "disk4s1", root, List.of("rw"), "msdos", "/dev/disk4s1"),
                new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5567", null, null, null, null, null, 0));
    }

    private MacFileActivity start() {
        activity = new MacFileActivity(fsEvents, written::add, Clock.systemUTC(), Duration.ofMillis(100), listener -> new FileActivity() {
            @Override
            public void watch(Volume volume) {
                portableWatched.add(volume.mount().device());
            }

            @Override
            public void unwatch(Volume volume) {
                portableWatched.remove(volume.mount().device());
            }

            @Override
            public void close() {
            }
        }, degraded::add);
        return activity;
    }

    @AfterEach
    void close() {
        if (activity != null) {
            activity.close();
        }
    }

    private List<Path> awaitWritten(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (written.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // and nothing more comes
        return written.stream().map(FileActivity.FileWritten::path).toList();
    }

    @Test
    void aFileIsReportedOnceItHoldsStillWithAnUnknownWriterAndTheReason() throws Exception {
        start().watch(volume());
        Path file = Files.writeString(root.resolve("report.xlsx"), "cells");

        fsEvents.send(new FsEventsNative.FsEvent(file.toString(), FILE_CREATED), new FsEventsNative.FsEvent(file.toString(), FILE_MODIFIED));

        assertThat(awaitWritten(1)).containsExactly(file);
        assertThat(written.get(0).actor().unknownReason()).isEqualTo("macOS gives no writer without Endpoint Security");
        assertThat(written.get(0).actor().pid()).isNull();
        assertThat(written.get(0).volume().mount().device()).isEqualTo("disk4s1");
    }

    @Test
    void aFileStillGrowingIsReportedOnlyAfterItStops() throws Exception {
        start().watch(volume());
        Path file = Files.writeString(root.resolve("big.bin"), "a");
        fsEvents.send(new FsEventsNative.FsEvent(file.toString(), FILE_CREATED));
        for (int i = 0; i < 5; i++) {
            Thread.sleep(60);
            Files.writeString(file, "more", java.nio.file.StandardOpenOption.APPEND);
        }
        assertThat(written).as("reported while still written to").isEmpty();

        assertThat(awaitWritten(1)).containsExactly(file);
        assertThat(Files.size(file)).isEqualTo(21);
    }

    @Test
    void droppedEventsMakeTheVolumeWalkedForRecentlyModifiedFiles() throws Exception {
        Path old = Files.writeString(root.resolve("old.txt"), "before");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        start().watch(volume());
        Path fresh = Files.writeString(Files.createDirectories(root.resolve("dir")).resolve("fresh.txt"), "after");

        fsEvents.send(new FsEventsNative.FsEvent(root.toString(), FsEventFlags.MUST_SCAN_SUB_DIRS | FsEventFlags.KERNEL_DROPPED));

        assertThat(awaitWritten(1)).containsExactly(fresh);
    }

    @Test
    void aDirectoryCreatedIsWalkedForTheFilesAlreadyInIt() throws Exception {
        start().watch(volume());
        Path dir = Files.createDirectories(root.resolve("copied"));
        Path a = Files.writeString(dir.resolve("a.txt"), "a");
        Path b = Files.writeString(dir.resolve("b.txt"), "b");

        fsEvents.send(new FsEventsNative.FsEvent(dir.toString(), DIR_CREATED));

        assertThat(awaitWritten(2)).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aFileRemovedBeforeItSettledIsReportedSoTheGuardRecordsIt() throws Exception {
        start().watch(volume());
        Path file = Files.writeString(root.resolve("tmp.txt"), "x");
        fsEvents.send(new FsEventsNative.FsEvent(file.toString(), FILE_CREATED));
        Files.delete(file);
        fsEvents.send(new FsEventsNative.FsEvent(file.toString(), FILE_REMOVED));

        assertThat(awaitWritten(1)).containsExactly(file);
    }

    @Test
    void eventsOffTheVolumeAndAfterUnwatchAreIgnored() throws Exception {
        start().watch(volume());
        Path file = Files.writeString(root.resolve("late.txt"), "x");
        fsEvents.send(new FsEventsNative.FsEvent("/Users/tanaka/Desktop/other.txt", FILE_CREATED));
        activity.unwatch(volume());
        fsEvents.send(new FsEventsNative.FsEvent(file.toString(), FILE_CREATED));

        assertThat(awaitWritten(0)).isEmpty();
        assertThat(fsEvents.closed).isEqualTo(1);
    }

    @Test
    void whenFsEventsCannotWatchTheVolumeThePortableWatcherDoesAndSaysSo() throws Exception {
        fsEvents.failure = new IOException("FSEvents cannot be loaded: java.lang.UnsatisfiedLinkError");
        start().watch(volume());

        assertThat(portableWatched).containsExactly("disk4s1");
        assertThat(degraded).singleElement().asString().contains("FSEvents cannot watch").contains("portable watcher");
        activity.unwatch(volume());
        assertThat(portableWatched).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.MAC, disabledReason = "on a Mac the real calls would run (and act on a disk)")
    void offAMacTheRealStreamFailsAndThePortableWatcherIsUsed() throws Exception {
        activity = new MacFileActivity(new CarbonFsEvents(), written::add, Clock.systemUTC(), Duration.ofMillis(100),
                listener -> new FileActivity() {
                    @Override
                    public void watch(Volume volume) {
                        portableWatched.add(volume.mount().device());
                    }

                    @Override
                    public void unwatch(Volume volume) {
                    }

                    @Override
                    public void close() {
                    }
                }, degraded::add);
        activity.watch(volume());
        assertThat(portableWatched).containsExactly("disk4s1");
        assertThat(degraded).hasSize(1);
    }
}

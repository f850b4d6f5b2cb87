package io.mamori.agent.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.EventIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quarantine store on real files: round trips, permissions, tampering, restarts, crashes' leftovers. */
class QuarantineStoreTest {

    private static final int CHUNK = SealedFile.DEFAULT_CHUNK_SIZE;
    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN4242",
            "Example Corp", "Flash Drive", "1234-ABCD", "USB", 32_000_000_000L);

    @TempDir
    Path dir;

    private Path volume;
    private Path storeDir;
    private QuarantineStore store;

    @BeforeEach
    void setUp() throws IOException {
        volume = Files.createDirectories(dir.resolve("media/usb"));
        storeDir = dir.resolve("state/quarantine");
        store = QuarantineStore.open(storeDir, CLOCK);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private Path onVolume(String name, byte[] content) throws IOException {
        Path file = volume.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private FileOrigin origin(Path file, String expectedSha256) {
        return new FileOrigin(EventIds.next(), UUID.randomUUID(), STICK, file, volume.relativize(file).toString(), expectedSha256);
    }

    private QuarantinedFile quarantine(String name, byte[] content) throws Exception {
        Path file = onVolume(name, content);
        return store.put(file, origin(file, sha256(content)));
    }

    /** Where content chunk {@code index} starts in a store file, from the documented layout. */
    private static long chunkOffset(Path storeFile, int index) throws IOException {
        try (FileChannel channel = FileChannel.open(storeFile, StandardOpenOption.READ)) {
            ByteBuffer length = ByteBuffer.allocate(4);
            channel.read(length, SealedFile.METADATA_LENGTH_OFFSET);
            return SealedFile.HEADER_LENGTH + (long) length.flip().getInt() + (long) index * (CHUNK + SealedFile.TAG_LENGTH);
        }
    }

    private static void assertNoTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 17, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 3, 5 * (1 << 20) + 3})
    void aFileComesBackByteForByte(int size) throws Exception {
        byte[] content = randomBytes(size, size);
        Path original = onVolume("docs/見積書 2026.xlsx", content);
        FileOrigin origin = origin(original, sha256(content));

        QuarantinedFile stored = store.put(original, origin);

        assertThat(original).doesNotExist();
        assertThat(stored.origin()).isEqualTo(origin);
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(stored.quarantinedAt()).isEqualTo(NOW);
        assertThat(stored.changedSinceClassified()).isFalse();
        assertThat(stored.location()).exists().hasParent(storeDir);

        Path written = store.restore(origin.eventId(), original, false);
        assertThat(written).isEqualTo(original);
        assertThat(Files.readAllBytes(written)).isEqualTo(content);
        assertThat(store.find(origin.eventId())).isPresent();
        assertNoTemporaryFiles(volume.resolve("docs"));
        assertNoTemporaryFiles(storeDir);
    }

    @Test
    void theWriterIsKeptWithTheFileSoThatAReleaseIntoTheirHomeIsWrittenAsThem() throws Exception {
        Path file = onVolume("w.bin", randomBytes(100, 3));
        io.mamori.protocol.event.Actor writer = new io.mamori.protocol.event.Actor("tanaka", 1001L, 4242L, "/usr/bin/cp");
        FileOrigin origin = new FileOrigin(EventIds.next(), null, STICK, file, "w.bin", null, writer);

        QuarantinedFile stored = store.put(file, origin);

        assertThat(store.find(stored.eventId()).orElseThrow().origin().writer())
                .isEqualTo(new io.mamori.protocol.event.Actor("tanaka", 1001L, null, null));
        Path old = onVolume("old.bin", randomBytes(100, 4));
        assertThat(store.find(store.put(old, origin(old, null)).eventId()).orElseThrow().origin().writer())
                .as("a file of an earlier version names no writer").isNull();
    }

    @Test
    void aReleaseRemovesTheStoreCopyOnlyWhenAsked() throws Exception {
        byte[] content = randomBytes(3000, 1);
        QuarantinedFile stored = quarantine("a.bin", content);

        Path written = store.restore(stored.eventId(), volume.resolve("a.bin"), true);

        assertThat(Files.readAllBytes(written)).isEqualTo(content);
        assertThat(stored.location()).doesNotExist();
        assertThat(store.find(stored.eventId())).isEmpty();
    }

    @Test
    void theReleasedFileGetsBackItsModeAndModificationTime() throws Exception {
        Path original = onVolume("plan.txt", "plan".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(original, PosixFilePermissions.fromString("rw-r-----"));
        Instant modified = Instant.parse("2026-10-01T08:00:00Z");
        Files.setLastModifiedTime(original, FileTime.from(modified));
        QuarantinedFile stored = store.put(original, origin(original, null));

        Path written = store.restore(stored.eventId(), original, true);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r-----");
        assertThat(Files.getLastModifiedTime(written).toInstant()).isEqualTo(modified);
    }

    @Test
    void storeFilesAndTheKeyAreOwnerOnly() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(100, 2));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir.resolve("store.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.location()))).isEqualTo("rw-------");
    }

    @Test
    void neitherContentNorNamesAppearInTheStore() throws Exception {
        String marker = "MARKER-個人番号-7f3a9c";
        byte[] line = (marker + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[line.length * 50_000]; // over one chunk, so the marker straddles chunk boundaries too
        for (int i = 0; i < 50_000; i++) {
            System.arraycopy(line, 0, content, i * line.length, line.length);
        }
        QuarantinedFile stored = quarantine(marker + "/" + marker + ".txt", content);

        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        byte[] serial = STICK.serial().getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(storeDir)) {
            List<Path> all = files.toList();
            assertThat(all).contains(stored.location());
            for (Path file : all) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(indexOf(bytes, needle)).as("marker in %s", file.getFileName()).isEqualTo(-1);
                assertThat(indexOf(bytes, serial)).as("device serial in %s", file.getFileName()).isEqualTo(-1);
            }
        }
        // the check itself finds the marker where it is
        assertThat(indexOf(content, needle)).isZero();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aReleaseNeverOverwritesAnExistingFile() throws Exception {
        byte[] content = randomBytes(500, 3);
        QuarantinedFile stored = quarantine("report.pdf", content);
        byte[] other = "the user's new report".getBytes(StandardCharsets.UTF_8);
        Files.write(volume.resolve("report.pdf"), other);

        Path first = store.restore(stored.eventId(), volume.resolve("report.pdf"), false);
        Path second = store.restore(stored.eventId(), volume.resolve("report.pdf"), false);

        assertThat(first).isEqualTo(volume.resolve("report (1).pdf"));
        assertThat(second).isEqualTo(volume.resolve("report (2).pdf"));
        assertThat(Files.readAllBytes(first)).isEqualTo(content);
        assertThat(Files.readAllBytes(second)).isEqualTo(content);
        assertThat(Files.readAllBytes(volume.resolve("report.pdf"))).isEqualTo(other);
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertThat(QuarantineStore.numbered("report.pdf", 1)).isEqualTo("report (1).pdf");
        assertThat(QuarantineStore.numbered("archive.tar.gz", 2)).isEqualTo("archive.tar (2).gz");
        assertThat(QuarantineStore.numbered("README", 3)).isEqualTo("README (3)");
        assertThat(QuarantineStore.numbered(".profile", 1)).isEqualTo(".profile (1)");
    }

    @Test
    void aFlippedByteFailsTheReleaseAndWritesNothing() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(3 * CHUNK + 10, 4));
        long offset = chunkOffset(stored.location(), 1) + 1000;
        try (FileChannel channel = FileChannel.open(stored.location(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, offset);
        }
        Path target = volume.resolve("a.bin");

        assertThatThrownBy(() -> store.restore(stored.eventId(), target, true))
                .isInstanceOf(DamagedQuarantineFileException.class)
                .hasMessageContaining("chunk 2 of 4");
        assertThat(target).doesNotExist();
        assertNoTemporaryFiles(volume);
        assertThat(stored.location()).exists(); // removeAfter does not destroy the evidence of damage
    }

    @Test
    void aStoreFileCutShortIsRefused() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(3 * CHUNK + 10, 5));
        try (FileChannel channel = FileChannel.open(stored.location(), StandardOpenOption.WRITE)) {
            channel.truncate(chunkOffset(stored.location(), 3)); // the last chunk and the summary go
        }
        Path target = volume.resolve("a.bin");

        assertThatThrownBy(() -> store.restore(stored.eventId(), target, false)).isInstanceOf(DamagedQuarantineFileException.class);
        assertThatThrownBy(() -> store.find(stored.eventId())).isInstanceOf(DamagedQuarantineFileException.class);
        assertThat(target).doesNotExist();
        assertNoTemporaryFiles(volume);
    }

    @Test
    void aStoreFileWithoutItsLastChunkIsRefusedEvenWithItsSummary() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(3 * CHUNK + 10, 6));
        byte[] bytes = Files.readAllBytes(stored.location());
        int lastChunk = (int) chunkOffset(stored.location(), 3);
        int summary = bytes.length - SealedFile.SUMMARY_LENGTH;
        byte[] spliced = new byte[bytes.length - (summary - lastChunk)];
        System.arraycopy(bytes, 0, spliced, 0, lastChunk);
        System.arraycopy(bytes, summary, spliced, lastChunk, SealedFile.SUMMARY_LENGTH);
        Files.write(stored.location(), spliced);
        Path target = volume.resolve("a.bin");

        assertThatThrownBy(() -> store.restore(stored.eventId(), target, false)).isInstanceOf(DamagedQuarantineFileException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void swappedChunksAreRefused() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(3 * CHUNK + 10, 7));
        byte[] bytes = Files.readAllBytes(stored.location());
        int first = (int) chunkOffset(stored.location(), 0);
        int second = (int) chunkOffset(stored.location(), 1);
        int sealed = CHUNK + SealedFile.TAG_LENGTH;
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, first, swapped, second, sealed);
        System.arraycopy(bytes, second, swapped, first, sealed);
        assertThat(swapped).isNotEqualTo(bytes);
        Files.write(stored.location(), swapped);
        Path target = volume.resolve("a.bin");

        assertThatThrownBy(() -> store.restore(stored.eventId(), target, false))
                .isInstanceOf(DamagedQuarantineFileException.class)
                .hasMessageContaining("chunk 1 of 4");
        assertThat(target).doesNotExist();
    }

    @Test
    void aStoreFileRenamedToAnotherEventIsRefused() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(10, 8));
        UUID other = EventIds.next();
        Files.move(stored.location(), storeDir.resolve(other + ".mq"));

        assertThatThrownBy(() -> store.find(other)).isInstanceOf(DamagedQuarantineFileException.class).hasMessageContaining("renamed");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void purgeDestroysTheEntryAndIsIdempotent() throws Exception {
        QuarantinedFile stored = quarantine("a.bin", randomBytes(100, 9));

        assertThat(store.purge(stored.eventId())).isTrue();

        assertThat(stored.location()).doesNotExist();
        assertThat(store.find(stored.eventId())).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.purge(stored.eventId())).isFalse();
        assertThatThrownBy(() -> store.restore(stored.eventId(), volume.resolve("a.bin"), false))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(stored.eventId().toString());
    }

    @Test
    void entriesSurviveReopeningTheStore() throws Exception {
        byte[] first = randomBytes(CHUNK + 5, 10);
        byte[] second = randomBytes(20, 11);
        QuarantinedFile a = quarantine("one/a.bin", first);
        Path secondFile = onVolume("b.bin", second);
        FileOrigin withoutOptionals = new FileOrigin(EventIds.next(), null, STICK, secondFile, "b.bin", null);
        QuarantinedFile b = store.put(secondFile, withoutOptionals);

        QuarantineStore reopened = QuarantineStore.open(storeDir, Clock.systemUTC());

        assertThat(reopened.list()).containsExactlyInAnyOrder(a, b);
        assertThat(reopened.find(b.eventId())).contains(b);
        assertThat(reopened.usage().entries()).isEqualTo(2);
        assertThat(reopened.usage().bytes()).isEqualTo(Files.size(a.location()) + Files.size(b.location()));
        Path written = reopened.restore(a.eventId(), volume.resolve(a.origin().volumePath()), true);
        assertThat(Files.readAllBytes(written)).isEqualTo(first);
        assertThat(reopened.list()).containsExactly(b);
    }

    @Test
    void temporaryFilesACrashLeftAreDeletedOnOpen() throws Exception {
        QuarantinedFile kept = quarantine("a.bin", randomBytes(100, 12));
        Path leftover = Files.write(storeDir.resolve(".put-8412093.tmp"), randomBytes(5000, 13));

        QuarantineStore reopened = QuarantineStore.open(storeDir, CLOCK);

        assertThat(leftover).doesNotExist();
        assertThat(reopened.list()).containsExactly(kept);
    }

    @Test
    void aKeyOthersCanReadIsRefused() throws Exception {
        Path key = storeDir.resolve("store.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> QuarantineStore.open(storeDir, CLOCK))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aStoreDirectoryOthersCanReadIsRefused() throws Exception {
        Files.setPosixFilePermissions(storeDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> QuarantineStore.open(storeDir, CLOCK))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(storeDir.toString())
                .hasMessageContaining("chmod 700");
    }

    @Test
    void aMissingKeyIsNotReplacedWhileFilesNeedIt() throws Exception {
        quarantine("a.bin", randomBytes(100, 14));
        Files.delete(storeDir.resolve("store.key"));

        assertThatThrownBy(() -> QuarantineStore.open(storeDir, CLOCK))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("store.key is missing")
                .hasMessageContaining("1 quarantined file");
        assertThat(storeDir.resolve("store.key")).doesNotExist();
    }

    @Test
    void aFileChangedSinceItWasClassifiedIsQuarantinedWithItsActualHash() throws Exception {
        byte[] classified = "what was classified".getBytes(StandardCharsets.UTF_8);
        byte[] actual = "what was on the stick when it was moved".getBytes(StandardCharsets.UTF_8);
        Path file = onVolume("changed.txt", actual);

        QuarantinedFile stored = store.put(file, origin(file, sha256(classified)));

        assertThat(file).doesNotExist();
        assertThat(stored.sha256()).isEqualTo(sha256(actual));
        assertThat(stored.origin().expectedSha256()).isEqualTo(sha256(classified));
        assertThat(stored.changedSinceClassified()).isTrue();
        assertThat(Files.readAllBytes(store.restore(stored.eventId(), file, false))).isEqualTo(actual);
    }

    @Test
    void symbolicLinksAndDirectoriesAreRefusedAndNothingIsStored() throws Exception {
        Path real = onVolume("real.txt", randomBytes(100, 15));
        Path link = Files.createSymbolicLink(volume.resolve("link.txt"), real);
        Path folder = Files.createDirectories(volume.resolve("folder"));

        assertThatThrownBy(() -> store.put(link, origin(link, null))).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.put(folder, origin(folder, null))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> store.put(volume.resolve("absent.txt"), origin(volume.resolve("absent.txt"), null)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(real).exists();
        assertThat(link).exists();
        assertThat(store.usage().entries()).isZero();
        assertNoTemporaryFiles(storeDir);
    }

    @Test
    void aRepeatedPutFinishesAnInterruptedMoveButNeverMixesContent() throws Exception {
        byte[] content = randomBytes(2000, 16);
        Path file = onVolume("a.bin", content);
        FileOrigin origin = origin(file, sha256(content));
        QuarantinedFile first = store.put(file, origin);
        // as if the agent died after the store copy was made, before the original was deleted
        Files.write(file, content);

        QuarantinedFile again = store.put(file, origin);

        assertThat(again).isEqualTo(first);
        assertThat(file).doesNotExist();
        assertThat(store.usage().entries()).isEqualTo(1);

        Files.write(file, randomBytes(2000, 17));
        assertThatThrownBy(() -> store.put(file, origin)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("other content");
        assertThat(file).exists();
        assertThat(Files.readAllBytes(store.restore(origin.eventId(), volume.resolve("restored.bin"), false))).isEqualTo(content);
        assertNoTemporaryFiles(storeDir);
    }

    @Test
    void aVolumePathMustStayOnTheVolume() {
        Path file = volume.resolve("a.bin");
        for (String bad : List.of("", "/etc/passwd", "../a.bin", "docs/../../a.bin", "docs//a.bin", "./a.bin")) {
            assertThatThrownBy(() -> new FileOrigin(EventIds.next(), null, STICK, file, bad, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volumePath");
        }
        assertThat(new FileOrigin(EventIds.next(), null, STICK, file, "docs/a.bin", null).volumePath()).isEqualTo("docs/a.bin");
    }
}

package io.mamori.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.agent.testing.ChildOutput;
import io.mamori.agent.testing.QuarantineMover;
import io.mamori.protocol.event.EventIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process moving a file into the quarantine store killed with SIGKILL at random moments,
 * {@code mamori.test.quarantine-kills} times (20 by default). After each kill the file is on the
 * volume intact, or complete in the store, or both (and a repeated put then finishes the move);
 * never lost, never half-stored, and the store reopens without leftovers.
 */
class QuarantineSurvivesKillDuringPutTest {

    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void theFileIsAlwaysWholeOnTheVolumeOrInTheStore() throws Exception {
        int cycles = Integer.getInteger("mamori.test.quarantine-kills", 20);
        long seed = Long.getLong("mamori.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path storeDir = dir.resolve("quarantine");
        Path volume = Files.createDirectories(dir.resolve("volume"));
        Path restored = Files.createDirectories(dir.resolve("restored"));
        QuarantineStore.open(storeDir, Clock.systemUTC());
        long window = uninterruptedMillis(storeDir, volume, random) * 5 / 4;
        int onVolumeOnly = 0;
        int inStoreOnly = 0;
        int both = 0;

        for (int cycle = 0; cycle < cycles; cycle++) {
            byte[] content = new byte[SIZE];
            random.nextBytes(content);
            String sha256 = sha256(content);
            Path file = Files.write(volume.resolve("file-" + cycle + ".bin"), content);
            UUID eventId = EventIds.next();

            Process mover = startMover(storeDir, file, eventId);
            ChildOutput.awaitLine(mover, "ready");
            Thread.sleep(random.nextLong(window + 1));
            mover.destroyForcibly(); // SIGKILL
            assertThat(mover.waitFor(30, TimeUnit.SECONDS)).isTrue();

            QuarantineStore store = QuarantineStore.open(storeDir, Clock.systemUTC());
            Optional<QuarantinedFile> held = store.find(eventId);
            boolean original = Files.exists(file);
            String cycleName = "cycle " + cycle + " (seed " + seed + ")";
            assertThat(original || held.isPresent()).as("%s: the file is somewhere", cycleName).isTrue();
            if (original) {
                assertThat(sha256(Files.readAllBytes(file))).as("%s: the original is intact", cycleName).isEqualTo(sha256);
            }
            if (held.isPresent()) {
                assertThat(held.get().sha256()).as(cycleName).isEqualTo(sha256);
                Path back = store.restore(eventId, restored.resolve("file.bin"), false);
                assertThat(sha256(Files.readAllBytes(back))).as("%s: the store copy is whole", cycleName).isEqualTo(sha256);
                Files.delete(back);
            }
            try (Stream<Path> files = Files.list(storeDir)) {
                assertThat(files.map(f -> f.getFileName().toString())).as(cycleName).noneMatch(name -> name.endsWith(".tmp"));
            }
            if (original && held.isPresent()) {
                both++;
            } else if (original) {
                onVolumeOnly++;
            } else {
                inStoreOnly++;
            }
            if (original) { // finish the move the kill interrupted
                store.put(file, QuarantineMover.origin(eventId, file, sha256));
                assertThat(file).doesNotExist();
            }
            assertThat(store.find(eventId)).isPresent();
            store.purge(eventId);
        }
        System.out.printf("%d kills within %d ms of start (seed %d): %d before the store copy, %d between it and the deletion,"
                + " %d after%n", cycles, window, seed, onVolumeOnly, both, inStoreOnly);
    }

    private static Process startMover(Path storeDir, Path file, UUID eventId) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m", "-cp",
                System.getProperty("java.class.path"), QuarantineMover.class.getName(), storeDir.toString(), file.toString(),
                eventId.toString()).redirectErrorStream(true).start();
    }

    /** How long a move takes here, from "ready" to the end, so that kills land before, during and after it. */
    private static long uninterruptedMillis(Path storeDir, Path volume, Random random) throws Exception {
        byte[] content = new byte[SIZE];
        random.nextBytes(content);
        Path file = Files.write(volume.resolve("calibration.bin"), content);
        UUID eventId = EventIds.next();
        Process mover = startMover(storeDir, file, eventId);
        ChildOutput.awaitLine(mover, "ready");
        long started = System.nanoTime();
        assertThat(mover.waitFor(120, TimeUnit.SECONDS)).isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(mover.exitValue()).as("an uninterrupted move succeeds").isZero();
        assertThat(file).doesNotExist();
        assertThat(QuarantineStore.open(storeDir, Clock.systemUTC()).purge(eventId)).isTrue();
        return millis;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}

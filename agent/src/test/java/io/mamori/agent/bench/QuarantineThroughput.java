package io.mamori.agent.bench;

import io.mamori.agent.quarantine.FileOrigin;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.EventIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Locale;
import java.util.Random;

/**
 * How fast the quarantine store moves a file in and out ({@code tools/bench-agent-quarantine [MB]},
 * default 200), with the agent's own JVM options (agent/jvm.options: 96 MB heap, client
 * compiler). A file of MB megabytes of random bytes under {@code $TMPDIR} is put into a store
 * beside it, then restored; each step includes its fsyncs, the restore its hash check. After
 * three rounds of 32 MB to warm up. Baseline, same run, same disk: a plain streamed copy of the
 * same file with an fsync of the copy, the floor of any move off a volume. The source file is in
 * the page cache for both. Everything written is deleted at the end.
 */
public final class QuarantineThroughput {

    private static final int MIB = 1 << 20;
    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "BENCH1",
            "Example Corp", "Flash Drive", null, "USB", 0);

    private QuarantineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("mamori-quarantine-bench-");
        try {
            Path volume = Files.createDirectories(dir.resolve("volume"));
            QuarantineStore store = QuarantineStore.open(dir.resolve("quarantine"), Clock.systemUTC());
            for (int round = 0; round < 3; round++) {
                Path warmUp = write(volume.resolve("warm-up.bin"), 32);
                QuarantinedFile warm = store.put(warmUp, origin(warmUp));
                store.restore(warm.eventId(), warmUp, true);
                Files.delete(warmUp);
            }

            Path file = write(volume.resolve("sample.bin"), megabytes);
            long baseline = copyWithFsync(file, volume.resolve("copy.bin"));
            Files.delete(volume.resolve("copy.bin"));

            long started = System.nanoTime();
            QuarantinedFile stored = store.put(file, origin(file));
            long put = System.nanoTime() - started;
            started = System.nanoTime();
            store.restore(stored.eventId(), file, true);
            long restore = System.nanoTime() - started;

            System.out.printf(Locale.ROOT, "quarantine store, %d MB file (max heap %d MB):%n", megabytes,
                    Runtime.getRuntime().maxMemory() / MIB);
            System.out.printf(Locale.ROOT, "  put (read, seal, hash, fsync, rename, delete): %.0f MB/s = %.2f × baseline%n",
                    rate(megabytes, put), (double) baseline / put);
            System.out.printf(Locale.ROOT, "  restore (open, verify, hash, fsync, rename):  %.0f MB/s = %.2f × baseline%n",
                    rate(megabytes, restore), (double) baseline / restore);
            System.out.printf(Locale.ROOT, "  baseline (streamed copy + fsync):            %.0f MB/s%n", rate(megabytes, baseline));
            System.out.println("  on " + dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static FileOrigin origin(Path file) {
        return new FileOrigin(EventIds.next(), null, STICK, file.toAbsolutePath(), file.getFileName().toString(), null);
    }

    private static double rate(int megabytes, long nanos) {
        return megabytes / (nanos / 1e9);
    }

    private static Path write(Path file, int megabytes) throws IOException {
        Random random = new Random(megabytes);
        byte[] chunk = new byte[MIB];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        return file;
    }

    private static long copyWithFsync(Path from, Path to) throws IOException {
        long started = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.allocate(MIB);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        return System.nanoTime() - started;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

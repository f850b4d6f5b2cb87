package io.mamori.agent.bench;

import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.copy.RemovableMediaGuard;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Enrollment;
import io.mamori.agent.testing.Root;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long from a file's close on a USB stick to the agent's decision being carried out (the file
 * left alone and logged, or moved into quarantine), for files of 10 KB to 10 MB; and how many files
 * a second the agent decides when a whole folder is copied. The agent runs as in production (real
 * console, fanotify, inspection workers, operation log, quarantine) on a loop-mounted ext4 image
 * presented as a USB stick; the files are written by another process that notes each close.
 *
 * <p>Each file is copied when the agent has finished with the one before (its decision and its
 * record): the figures are the latency of one copy, not of a queue. The folder copy measures the
 * queue.
 *
 * <p>Baselines, same run: reading each file once and hashing it (the least any decision must do),
 * and the same folder copy onto a stick the agent does not watch.
 *
 * <p>{@code tools/bench-agent-decisions [--watcher native|portable] [FILES_PER_SIZE] [FOLDER_FILES]} (root):
 * {@code portable} runs the portable watcher (volumes polled, writes seen when they settle) instead
 * of the Linux adapters.
 */
public final class DecisionLatency {

    private static final int[] SIZES = {10 * 1024, 100 * 1024, 1024 * 1024, 10 * 1024 * 1024};

    private DecisionLatency() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        String watcher = "native";
        int flag = positional.indexOf("--watcher");
        if (flag >= 0) {
            if (flag + 1 >= positional.size() || !List.of("native", "portable").contains(positional.get(flag + 1))) {
                System.err.println("--watcher takes native or portable");
                System.exit(2);
            }
            watcher = positional.get(flag + 1);
            positional.subList(flag, flag + 2).clear();
        }
        int perSize = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 20;
        int folderFiles = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1000;
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("run as root: loop mounts and fanotify need it");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("mamori-bench-decisions");
        List<Path> mounts = new ArrayList<>();
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            StateDirectory state = StateDirectory.open(dir.resolve("agent"));
            Enrollment.enroll(console, state, "bench.example.jp");
            Files.writeString(state.config(), """
                    media:
                      watcher: %s
                      simulated-usb:
                        - {images-under: %s, vendor-id: "0781", product-id: "5583", serial: "BENCH-1"}
                    """.formatted(watcher, dir.resolve("watched")));
            Map<Path, Instant> done = new ConcurrentHashMap<>();
            try (AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(),
                    AgentConfigFile.read(state.config()), Clock.systemUTC())) {
                RemovableMediaGuard guard = agent.mediaGuard().orElseThrow();
                guard.onDecided(d -> done.put(d.path(), d.doneAt()));
                waitFor("policy", () -> agent.policy().version() > 0);
                long bytesNeeded = (long) perSize * 2 * java.util.Arrays.stream(SIZES).asLongStream().sum() + folderFiles * 64L * 1024;
                Path stick = mount(dir, "watched", bytesNeeded * 2 + (256L << 20), mounts);
                waitFor("stick watched", () -> !guard.watchedVolumes().isEmpty());
                Path sources = Files.createDirectories(dir.resolve("sources"));

                Process writer = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                        CloseTimes.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                BufferedWriter toWriter = new BufferedWriter(new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8));
                BufferedReader fromWriter = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));

                // warm-up: the inspection workers start and compile
                for (int i = 0; i < 10; i++) {
                    Path source = Files.writeString(sources.resolve("warm" + i + ".csv"), SyntheticData.roster(20, 1000 + i));
                    latency(toWriter, fromWriter, source, stick.resolve("warm" + i + ".csv"), done);
                }

                System.out.printf("# decision latency, close → enforced (%s watcher; %d files per size and kind; %s)%n", watcher,
                        perSize, Instant.now());
                System.out.println("| size | kind | p50 ms | p99 ms | max ms | baseline: read+hash p50 ms | actions |");
                System.out.println("|---|---|---|---|---|---|---|");
                List<Double> all = new ArrayList<>();
                for (int size : SIZES) {
                    for (String kind : List.of("clean", "personal")) {
                        List<Double> latencies = new ArrayList<>();
                        List<Double> baseline = new ArrayList<>();
                        Map<String, Integer> actions = new java.util.TreeMap<>();
                        for (int i = 0; i < perSize; i++) {
                            String name = kind + "-" + size + "-" + i + ".txt";
                            Path source = Files.writeString(sources.resolve(name), content(kind, size, i));
                            baseline.add(readAndHashMillis(source));
                            // one copy at a time: the agent has finished with the previous file (its record too)
                            waitFor("the agent idle", () -> guard.pending() == 0);
                            Thread.sleep(100);
                            latencies.add(latency(toWriter, fromWriter, source, stick.resolve(name), done));
                        }
                        String action = Files.exists(stick.resolve(kind + "-" + size + "-0.txt")) ? "left (AUDIT)" : "quarantined (BLOCK)";
                        actions.merge(action, 1, Integer::sum);
                        all.addAll(latencies);
                        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %s |%n", human(size), kind,
                                percentile(latencies, 50), percentile(latencies, 99), Collections.max(latencies),
                                percentile(baseline, 50), action);
                    }
                }
                System.out.printf(Locale.ROOT, "| all ≤ 10 MB | both | **%.1f** | **%.1f** | %.1f | | |%n", percentile(all, 50),
                        percentile(all, 99), Collections.max(all));
                toWriter.close();
                writer.waitFor(10, TimeUnit.SECONDS);

                // a whole folder copied at once
                Path folder = Files.createDirectories(dir.resolve("folder"));
                for (int i = 0; i < folderFiles; i++) {
                    Path sub = Files.createDirectories(folder.resolve("d" + i / 100));
                    Files.writeString(sub.resolve("f" + i + ".txt"), i % 50 == 0 ? SyntheticData.roster(30, 5000 + i)
                            : content("clean", 2048 + (i * 7919) % (48 * 1024), i + 100_000));
                }
                Path unwatched = mount(dir, "unwatched", (long) folderFiles * 64 * 1024 + (64L << 20), mounts);
                long plainStart = System.nanoTime();
                Root.run("cp", "-r", folder.toString(), unwatched.toString());
                Root.run("sync", "-f", unwatched.toString());
                double plainSeconds = (System.nanoTime() - plainStart) / 1e9;

                int before = done.size();
                Instant copyStart = Instant.now();
                long start = System.nanoTime();
                Root.run("cp", "-r", folder.toString(), stick.toString());
                double copySeconds = (System.nanoTime() - start) / 1e9;
                waitFor("folder decided", () -> done.size() - before >= folderFiles);
                Instant last = done.values().stream().max(Instant::compareTo).orElseThrow();
                double decidedSeconds = Duration.between(copyStart, last).toNanos() / 1e9;
                System.out.println();
                System.out.printf("# folder copy (%d files, 2–50 KB, 2 %% with personal data)%n", folderFiles);
                System.out.printf(Locale.ROOT, "- cp -r onto the watched stick: %.2f s; every file decided %.2f s after the copy began"
                        + " → **%.0f files/s** decided%n", copySeconds, decidedSeconds, folderFiles / decidedSeconds);
                System.out.printf(Locale.ROOT, "- baseline, cp -r onto an unwatched stick (+ sync): %.2f s → %.0f files/s%n",
                        plainSeconds, folderFiles / plainSeconds);
            }
        } finally {
            for (Path mountPoint : mounts) {
                try {
                    Root.run("umount", "-l", mountPoint.toString());
                } catch (Exception e) {
                    System.err.println("could not unmount " + mountPoint + ": " + e.getMessage());
                }
            }
            Root.run("rm", "-rf", dir.toString());
        }
    }

    private static double latency(BufferedWriter toWriter, BufferedReader fromWriter, Path source, Path target,
            Map<Path, Instant> done) throws Exception {
        toWriter.write(source + "\t" + target + "\n");
        toWriter.flush();
        String[] answer = fromWriter.readLine().split("\t");
        long closedNanos = Long.parseLong(answer[1]);
        waitFor(target + " decided", () -> done.containsKey(target));
        Instant at = done.get(target);
        long doneNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return (doneNanos - closedNanos) / 1e6;
    }

    /** Unique text of about {@code size} bytes: meeting notes, or a roster of made-up people. */
    private static String content(String kind, int size, int n) {
        StringBuilder text = new StringBuilder(size);
        text.append("文書番号 ").append(n).append('\n');
        long bytes = text.toString().getBytes(StandardCharsets.UTF_8).length;
        int seed = n * 31 + size;
        while (bytes < size) {
            String block = kind.equals("personal") ? SyntheticData.roster(20, seed++)
                    : (SyntheticData.minutes() + "項目 " + seed++ + "\n").repeat(4);
            text.append(block);
            bytes += block.getBytes(StandardCharsets.UTF_8).length;
        }
        return text.toString();
    }

    private static double readAndHashMillis(Path file) throws Exception {
        Root.run("sh", "-c", "echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true");
        long start = System.nanoTime();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        sha.digest();
        return (System.nanoTime() - start) / 1e6;
    }

    private static Path mount(Path dir, String kind, long bytes, List<Path> mounts) throws Exception {
        Path image = Files.createDirectories(dir.resolve(kind)).resolve("stick.img");
        Root.run("truncate", "-s", Long.toString(bytes), image.toString());
        Root.run("mkfs.ext4", "-q", "-F", image.toString());
        Path mountPoint = Files.createDirectories(dir.resolve("mnt-" + kind));
        Root.run("mount", "-o", "loop", image.toString(), mountPoint.toString());
        mounts.add(mountPoint);
        return mountPoint;
    }

    /** The {@code p}th percentile (nearest rank); the prompt benchmark uses it too. */
    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String human(int size) {
        return size >= 1024 * 1024 ? size / (1024 * 1024) + " MB" : size / 1024 + " KB";
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}

package io.mamori.agent.bench;

import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.OverrideDialog;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.DefaultPolicy;
import io.mamori.agent.testing.DesktopSession;
import io.mamori.agent.testing.Enrollment;
import io.mamori.agent.testing.Sticks;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long the employee waits for the question of a held copy, and what its window costs: from the
 * end of a {@code cp -r} of held files onto a USB stick (run as the person, in their session under
 * Xvfb) to the question window on their screen, through the real agent (fanotify, workers, policy,
 * quarantine, copy operations with their gap, the window started as the person); and the window
 * process's resident memory while it is shown.
 *
 * <p>Baseline, same run: the same window started directly, with its question served at once — the
 * cost of starting the JVM and Swing, which the agent's path adds to the copy's end and its gap.
 *
 * <p>{@code tools/bench-agent-prompt [ROUNDS] [FILES_PER_COPY]} (root; defaults 10 and 20).
 */
public final class PromptLatency {

    private PromptLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("run as root: a person's session, loop mounts and fanotify need it");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("mamori-bench-prompt");
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null);
                DesktopSession desk = DesktopSession.start("ja_JP.UTF-8");
                Sticks sticks = new Sticks(desk.folder().resolve("usb"))) {
            List<Double> baseline = new ArrayList<>();
            List<Long> baselineRss = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long[] measured = directWindow(desk);
                baseline.add(measured[0] / 1e6);
                baselineRss.add(measured[1]);
            }

            DefaultPolicy.publish(console.admin().client(), policy ->
                    DefaultPolicy.rule(policy, "block-confidential-marker").put("action", "WARN_OVERRIDE"));
            StateDirectory state = StateDirectory.open(dir.resolve("agent"));
            Enrollment.enroll(console, state, "pc-bench.example.jp");
            Files.writeString(state.config(), """
                    media:
                      desktop-socket-dir: %s
                      simulated-usb:
                        - {images-under: %s, vendor-id: "0781", product-id: "5583", serial: "SN-BENCH", vendor: SanDisk, product: Cruzer}
                    """.formatted(desk.folder().resolve("sockets"), sticks.images("plain")));
            List<Double> waits = new ArrayList<>();
            List<Long> rss = new ArrayList<>();
            try (AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(),
                    AgentConfigFile.read(state.config()), Clock.systemUTC())) {
                Await.until("the policy is in force", Duration.ofSeconds(30), () -> agent.policy().version() > 1);
                Path stick = sticks.plugIn("plain", "ext4");
                io.mamori.agent.testing.Root.run("chown", desk.uid() + ":" + desk.gid(), stick.toString());
                Await.until("the stick is watched", Duration.ofSeconds(20), () -> !agent.mediaGuard().orElseThrow().watchedVolumes().isEmpty());
                for (int round = 0; round < rounds + 1; round++) {
                    Path source = Files.createDirectories(desk.folder().resolve("copies").resolve("round-" + round));
                    for (int f = 0; f < files; f++) {
                        Files.writeString(source.resolve("memo-" + f + ".txt"), SyntheticData.confidentialMemo() + round + "-" + f);
                    }
                    io.mamori.agent.testing.Root.run("chown", "-R", desk.uid() + ":" + desk.gid(), source.toString());
                    desk.run(List.of("cp", "-r", source.toString(), stick.toString()));
                    long copied = System.nanoTime();
                    String window = awaitWindow(desk, Duration.ofSeconds(60));
                    long shown = System.nanoTime();
                    long windowRss = rssOfWindow();
                    desk.xdotool("windowactivate", "--sync", window);
                    desk.xdotool("key", "Escape");
                    Await.until("the window has closed", Duration.ofSeconds(30), () -> windows(desk).isEmpty());
                    if (round > 0) { // the first round starts the inspection workers
                        waits.add((shown - copied) / 1e6);
                        rss.add(windowRss);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "question window after the copy ends (%d rounds of %d held files; operation gap 3 s):"
                    + " p50 %.0f ms, max %.0f ms; window RSS p50 %.1f MB%n", waits.size(), files,
                    DecisionLatency.percentile(waits, 50), DecisionLatency.percentile(waits, 100),
                    DecisionLatency.percentile(rss.stream().map(r -> r / 1024.0).toList(), 50));
            System.out.printf(Locale.ROOT, "baseline: the window started directly, question served at once (%d runs):"
                    + " p50 %.0f ms, max %.0f ms; RSS p50 %.1f MB%n", baseline.size(), DecisionLatency.percentile(baseline, 50),
                    DecisionLatency.percentile(baseline, 100),
                    DecisionLatency.percentile(baselineRss.stream().map(r -> r / 1024.0).toList(), 50));
        } finally {
            io.mamori.agent.testing.Root.run("rm", "-rf", dir.toString());
        }
    }

    /** Starts the window as the person with its question served at once; nanoseconds to visible, and its RSS in KiB. */
    private static long[] directWindow(DesktopSession desk) throws Exception {
        Path socket = desk.folder().resolve("direct.sock");
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            io.mamori.agent.testing.Root.run("chown", desk.uid() + ":" + desk.gid(), socket.toString());
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(List.of("setpriv", "--reuid=" + desk.uid(), "--regid=" + desk.gid(),
                    "--init-groups", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData", "-Djava.awt.headless=false",
                    "-cp", Path.of(OverrideDialog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                    OverrideDialog.class.getName(), socket.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(desk.environment());
            Process window = builder.start();
            try (SocketChannel channel = server.accept()) {
                Frames.write(channel, Map.of(Prompt.TITLE, "Mamori — bench", Prompt.HEADING, "Files held", Prompt.MESSAGE,
                        "20 files", Prompt.FILE + 0, "memo-0.txt", Prompt.REASON + "0.id", "business", Prompt.REASON + "0.label",
                        "業務上必要", Prompt.SECONDS, "60"));
                awaitWindow(desk, Duration.ofSeconds(30));
                long shown = System.nanoTime() - started;
                long rss = rssOfWindow();
                return new long[] {shown, rss};
            } finally {
                window.destroyForcibly().waitFor();
                Await.until("the window has closed", Duration.ofSeconds(10), () -> windows(desk).isEmpty());
            }
        }
    }

    private static String awaitWindow(DesktopSession desk, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> shown = windows(desk);
            if (!shown.isEmpty()) {
                return shown.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no question window within " + limit.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private static List<String> windows(DesktopSession desk) {
        try {
            return desk.windows("Mamori");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resident memory (KiB) of the question window's process. */
    private static long rssOfWindow() throws Exception {
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String command = process.info().commandLine().orElse("");
            if (command.contains(OverrideDialog.class.getName()) && !command.startsWith("setpriv")) {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            }
        }
        return 0;
    }
}

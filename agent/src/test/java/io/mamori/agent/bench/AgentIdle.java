package io.mamori.agent.bench;

import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.testing.ChildOutput;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's idle footprint ({@code tools/bench-agent-idle}): starts a console in this JVM,
 * enrolls a fresh state directory, starts the built agent ({@code agent/target/mamori-agent.jar}
 * with the options of {@code agent/jvm.options}) as its own process, and reports start-to-ready
 * time, then RSS and CPU over the idle period (heartbeats every 60 s, nothing to inspect). The
 * baseline, same run, same options: a JVM that only sleeps.
 * Usage: {@code AgentIdle ROOT [IDLE_SECONDS]}
 */
public final class AgentIdle {

    private AgentIdle() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("agent/jvm.options"))) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                options.add(line.strip());
            }
        }
        // extra options for experiments, e.g. -Dmamori.agent.extra-options=-XX:SharedArchiveFile=agent.jsa
        String extra = System.getProperty("mamori.agent.extra-options", "");
        if (!extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // as ./mamori agent runs it: the agent's own libraries; the workers' class path beside it
        String classpath = root.resolve("agent/target/mamori-agent.jar") + ":" + root.resolve("agent/target/agent-lib") + "/*";
        options.add("-Dmamori.worker.class-path=" + root.resolve("agent/target/mamori-agent.jar") + ":"
                + root.resolve("agent/target/lib") + "/*");
        System.out.printf(Locale.ROOT, "agent JVM options: %s; %d cores; Java %s%n", String.join(" ", options),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            Path state = Files.createTempDirectory("mamori-agent-idle-");
            int enrolled = AgentCommand.run("enroll", "--state-dir", state.toString(), "--console", console.client().baseUrl(),
                    "--token", console.enrollmentToken("default", 1, 1), "--fingerprint", console.tls().fingerprint());
            if (enrolled != 0) {
                throw new IllegalStateException("enrollment failed");
            }
            String settings = System.getProperty("mamori.bench.agent-yml");
            if (settings != null) { // experiments: the agent with other settings, e.g. "media: {enabled: false}"
                Files.writeString(state.resolve("agent.yml"), settings);
            }
            List<String> agentCommand = new ArrayList<>(List.of(java));
            agentCommand.addAll(options);
            agentCommand.addAll(List.of("-cp", classpath, "io.mamori.agent.cli.AgentCommand", "run", "--state-dir", state.toString()));
            List<String> baselineCommand = new ArrayList<>(List.of(java));
            baselineCommand.addAll(options);
            baselineCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()));

            long spawned = System.nanoTime();
            Process agent = new ProcessBuilder(agentCommand).redirectErrorStream(true).start();
            String readyLine = ChildOutput.awaitLine(agent, "ms");
            double readyMs = (System.nanoTime() - spawned) / 1e6;
            Process baseline = new ProcessBuilder(baselineCommand).redirectErrorStream(true).start();
            ChildOutput.awaitLine(baseline, "sleeping");
            System.out.printf(Locale.ROOT, "start to ready: %.0f ms from spawning the process (%s)%n", readyMs, readyLine.strip());
            TimeUnit.SECONDS.sleep(5); // first heartbeat, policy fetch
            Sample agentStart = sample(agent.pid());
            Sample baseStart = sample(baseline.pid());
            long maxRss = 0;
            long baseMaxRss = 0;
            long began = System.nanoTime();
            for (int s = 0; s < idleSeconds; s += 10) {
                TimeUnit.SECONDS.sleep(10);
                maxRss = Math.max(maxRss, sample(agent.pid()).rssKb());
                baseMaxRss = Math.max(baseMaxRss, sample(baseline.pid()).rssKb());
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            Sample agentEnd = sample(agent.pid());
            Sample baseEnd = sample(baseline.pid());
            report("agent", agentStart, agentEnd, maxRss, seconds);
            report("baseline (a JVM that only sleeps, same options)", baseStart, baseEnd, baseMaxRss, seconds);
            agent.destroy();
            baseline.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
            baseline.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Sample(long rssKb, long cpuTicks) {
    }

    private static Sample sample(long pid) throws IOException {
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Sample(rss, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    private static void report(String what, Sample start, Sample end, long maxRssKb, double seconds) {
        double cpuSeconds = (end.cpuTicks() - start.cpuTicks()) / 100.0; // USER_HZ
        System.out.printf(Locale.ROOT, "%s: RSS %.1f MB after start, %.1f MB at the end, %.1f MB at most; CPU %.3f s in %.0f s idle"
                + " = %.3f %% of one core%n", what, start.rssKb() / 1024.0, end.rssKb() / 1024.0, maxRssKb / 1024.0, cpuSeconds,
                seconds, 100 * cpuSeconds / seconds);
    }

    /** The baseline: a JVM that does nothing. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("sleeping");
            Thread.currentThread().join();
        }
    }
}

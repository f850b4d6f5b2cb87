package io.mamori.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.cli.AgentMessages;
import io.mamori.agent.config.AgentConfigFile;
import io.mamori.agent.copy.Decided;
import io.mamori.agent.copy.RemovableMediaGuard;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code ./mamori demo}: the whole flow on this machine. Starts a console on its embedded defaults
 * (in {@code target/demo}), enrolls an agent with it, loop-mounts a file-system image that the
 * agent takes for a USB stick, copies a file of made-up personal data and a harmless one onto it,
 * and shows the result: the harmless file left, the personal data quarantined and waiting in the
 * console's review queue. Then it keeps running, so the console can be tried, until Ctrl+C.
 *
 * <p>Needs root (a loop mount and fanotify). Everything it makes is under {@code target/demo}
 * and is removed at the start of the next demo.
 */
public final class Demo {

    private static final AgentMessages MESSAGES = AgentMessages.forEnvironment();
    private static final String ADMIN = "admin";

    private final Path root;
    private final Path work;
    private final PrintStream out;
    private final List<Runnable> cleanUp = new ArrayList<>();

    Demo(Path root, PrintStream out) {
        this.root = root;
        this.work = root.resolve("target").resolve("demo");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        boolean exit = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--exit" -> exit = true;
                default -> {
                    System.err.println(MESSAGES.get("demo.usage"));
                    System.exit(2);
                }
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println(MESSAGES.get("demo.needs.root"));
            System.exit(2);
        }
        Demo demo = new Demo(root.toAbsolutePath().normalize(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "mamori-demo-cleanup"));
        int status;
        try {
            status = demo.run(exit);
        } catch (Exception e) {
            System.err.println(MESSAGES.get("demo.failed", e.getMessage()));
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the demo; with {@code exitWhenShown} it returns once the review item is shown, else it waits for Ctrl+C. */
    int run(boolean exitWhenShown) throws Exception {
        reset();
        // 1. the console
        step("demo.step.console");
        ConsoleProcess console = ConsoleProcess.start(root, work.resolve("console"), work.resolve("console.log"));
        cleanUp.add(0, console::stop);
        String password = randomPassword();
        DemoConsole admin = new DemoConsole(console.url(), console.fingerprint());
        admin.firstSignIn(ADMIN, console.oneTimePassword(), password);
        out.println(MESSAGES.get("demo.console.ready", console.url(), console.fingerprint()));

        // 2. the agent, enrolled with it
        step("demo.step.enroll");
        StateDirectory state = StateDirectory.open(work.resolve("agent"));
        Path images = Files.createDirectories(work.resolve("usb"));
        int enrolled = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", console.url(),
                "--token", admin.enrollmentToken("default"), "--fingerprint", console.fingerprint(), "--hostname", hostname());
        if (enrolled != 0) {
            throw new IOException(MESSAGES.get("demo.enroll.failed", enrolled));
        }
        Files.writeString(state.config(), """
                # written by ./mamori demo: images under this folder count as a USB stick
                media:
                  simulated-usb:
                    - {images-under: "%s", vendor-id: "0781", product-id: "5583", serial: "MAMORI-DEMO-0001", vendor: SanDisk, product: "Cruzer (demo image)"}
                """.formatted(images));
        AgentService agent = AgentService.start(state, AgentIdentity.load(state).orElseThrow(), AgentConfigFile.read(state.config()),
                Clock.systemUTC());
        cleanUp.add(0, agent::stop);
        RemovableMediaGuard guard = agent.mediaGuard().orElseThrow(() -> new IOException(MESSAGES.get("demo.no.media")));
        Map<Path, Decided> decided = new ConcurrentHashMap<>();
        guard.onDecided(d -> decided.put(d.path(), d));
        await("demo.wait.policy", Duration.ofSeconds(60), () -> agent.policy().version() > 0);
        out.println(MESSAGES.get("demo.agent.ready", agent.events().agentId(), agent.policy().version()));

        // 3. a USB stick
        step("demo.step.stick");
        Path image = images.resolve("demo-stick.img");
        run("truncate", "-s", "64M", image.toString());
        run("mkfs.ext4", "-q", "-F", "-L", "MAMORI-DEMO", image.toString());
        Path stick = Files.createDirectories(work.resolve("media").resolve("MAMORI-DEMO"));
        run("mount", "-o", "loop", image.toString(), stick.toString());
        cleanUp.add(0, () -> quietly("umount", "-l", stick.toString()));
        await("demo.wait.stick", Duration.ofSeconds(30), () -> !guard.watchedVolumes().isEmpty());
        out.println(MESSAGES.get("demo.stick.ready", stick));

        // 4. two files copied onto it, as a person would (another program: the agent ignores its own writes)
        step("demo.step.copy");
        Path documents = PrivateFiles.directory(work.resolve("documents"));
        Path roster = Files.writeString(documents.resolve("顧客名簿.csv"), SyntheticData.roster(50, System.nanoTime()));
        Path minutes = Files.writeString(documents.resolve("議事録.txt"), SyntheticData.minutes());
        run("cp", minutes.toString(), roster.toString(), stick.toString());
        Path rosterOnStick = stick.resolve(roster.getFileName());
        Path minutesOnStick = stick.resolve(minutes.getFileName());
        await("demo.wait.decided", Duration.ofSeconds(120), () -> decided.containsKey(rosterOnStick) && decided.containsKey(minutesOnStick));
        Decided blocked = decided.get(rosterOnStick);
        out.println(MESSAGES.get("demo.decided", minutesOnStick.getFileName(), decided.get(minutesOnStick).action(),
                Files.exists(minutesOnStick) ? MESSAGES.get("demo.still.there") : MESSAGES.get("demo.gone")));
        out.println(MESSAGES.get("demo.decided", rosterOnStick.getFileName(), blocked.action(),
                Files.exists(rosterOnStick) ? MESSAGES.get("demo.still.there") : MESSAGES.get("demo.gone")));

        // 5. the review item at the console
        step("demo.step.review");
        String path = "/api/admin/reviews/" + blocked.eventId();
        await("demo.wait.review", Duration.ofSeconds(60), () -> statusOf(admin, path) == 200);
        JsonNode item = admin.get(path);
        JsonNode event = item.path("event");
        out.println(MESSAGES.get("demo.review.item", item.path("state").asText(), event.path("file").path("path").asText(),
                event.path("device").path("vendorId").asText() + ":" + event.path("device").path("productId").asText() + ":"
                        + event.path("device").path("serial").asText(),
                event.path("actor").path("user").asText("?")));
        for (JsonNode finding : event.path("classification").path("findings")) {
            out.println(MESSAGES.get("demo.review.finding", finding.path("type").asText(), finding.path("confidence").asText(),
                    finding.path("count").asInt(), String.join(", ", textsOf(finding.path("samples")))));
        }
        out.println();
        out.println(MESSAGES.get("demo.try", console.url(), ADMIN, password, blocked.eventId(), work));
        if (exitWhenShown) {
            return 0;
        }
        out.println(MESSAGES.get("demo.stop"));
        new CountDownLatch(1).await();
        return 0;
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static int statusOf(DemoConsole admin, String path) {
        try {
            return admin.status(path);
        } catch (IOException e) {
            return 0;
        }
    }

    private void step(String key) {
        out.println();
        out.println("▶ " + MESSAGES.get(key));
    }

    /** Removes what an earlier demo left: its mounts and its folder. */
    private void reset() throws Exception {
        if (Files.exists(work)) {
            try (BufferedReader mounts = Files.newBufferedReader(Path.of("/proc/self/mounts"))) {
                for (String line : mounts.lines().toList()) {
                    String[] fields = line.split(" ");
                    if (fields.length > 1 && fields[1].startsWith(work.toString())) {
                        quietly("umount", "-l", fields[1]);
                    }
                }
            }
            run("rm", "-rf", work.toString());
        }
        PrivateFiles.directory(work);
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(MESSAGES.get("demo.timed.out", MESSAGES.get(what), limit.toSeconds()));
            }
            Thread.sleep(100);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + output.strip());
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (Exception e) {
            // cleaning up what may already be gone
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "mamori-demo";
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** Stops what the demo started, last first. */
    synchronized void close() {
        for (Runnable step : cleanUp) {
            try {
                step.run();
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
            }
        }
        cleanUp.clear();
    }

    /** The console, run as its own process from the built jars, on a free loopback port. */
    static final class ConsoleProcess {

        private final Process process;
        private final String url;
        private final String fingerprint;
        private final String oneTimePassword;

        private ConsoleProcess(Process process, String url, String fingerprint, String oneTimePassword) {
            this.process = process;
            this.url = url;
            this.fingerprint = fingerprint;
            this.oneTimePassword = oneTimePassword;
        }

        static ConsoleProcess start(Path root, Path dataDir, Path log) throws Exception {
            Path jar = root.resolve("console/target/mamori-console.jar");
            if (!Files.exists(jar)) {
                throw new IOException(MESSAGES.get("demo.console.missing", jar));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", jar + ":" + root.resolve("console/target/lib") + "/*",
                    "io.mamori.console.ConsoleApplication", "--data-dir", dataDir.toString(), "--port", Integer.toString(port))
                    .redirectError(log.toFile());
            builder.environment().put("MAMORI_LANG", "en"); // the lines read below are the English ones
            Process process = builder.start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String[]> started = CompletableFuture.supplyAsync(() -> {
                String url = null;
                String fingerprint = null;
                String password = null;
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("one-time password:")) {
                            // not a terminal here: the console writes it to an owner-only file in its data directory
                            Path file = dataDir.resolve("first-run-password.txt");
                            password = line.contains(file.toString()) ? Files.readString(file, StandardCharsets.UTF_8).strip()
                                    : line.substring(line.indexOf(':') + 1).strip();
                        } else if (line.startsWith("Mamori console is running at ")) {
                            url = line.substring("Mamori console is running at ".length()).strip();
                        } else if (line.contains("TLS certificate SHA-256")) {
                            fingerprint = line.substring(line.lastIndexOf(' ') + 1).strip();
                        } else if (line.startsWith("Stop it with")) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    return null;
                }
                return new String[] {url, fingerprint, password};
            });
            String[] found = started.get(120, TimeUnit.SECONDS);
            if (found == null || found[0] == null || found[1] == null || found[2] == null) {
                process.destroy();
                throw new IOException(MESSAGES.get("demo.console.failed", log));
            }
            Thread drain = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // the console's later output goes nowhere; its log is in the data directory
                    }
                } catch (IOException e) {
                    // the console stopped
                }
            }, "mamori-demo-console-output");
            drain.setDaemon(true);
            drain.start();
            return new ConsoleProcess(process, found[0], found[1], found[2]);
        }

        String url() {
            return url;
        }

        String fingerprint() {
            return fingerprint;
        }

        String oneTimePassword() {
            return oneTimePassword;
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

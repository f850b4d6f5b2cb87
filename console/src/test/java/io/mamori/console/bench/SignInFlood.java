package io.mamori.console.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.keys.TlsCertificate;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.protocol.json.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A signed-in administrator's pages while strangers flood the sign-in door
 * ({@code tools/bench-console-signin}). The <b>built</b> console ({@code console/target}, as
 * {@code ./mamori console} runs it, default JVM options) runs as its own process on loopback; this
 * harness signs in as its first administrator, then {@code --attackers} threads send failed
 * sign-ins as fast as answers come, each from another loopback address (127.1.x.y) and for another
 * made-up name, so that neither the per-address limit nor any throttle slows them: the worst case,
 * every attempt costs a password check. Meanwhile the administrator fetches
 * {@code /api/admin/events} and {@code /ui/dashboard} every {@code --pace-ms}. Baseline, same run:
 * the same pages for the same time with no flood. Reports p50/p99/max, the flood's answers by
 * status, and the console process's resident memory (sampled every 0.5 s, and its peak).
 *
 * <p>Usage: {@code SignInFlood [--root DIR] [--jvm-options FILE] [--seconds 60] [--attackers 24] [--pace-ms 100]} —
 * {@code --root} is the checkout whose built console is measured (another one's, to compare);
 * {@code --jvm-options} the console's JVM options (default: that checkout's {@code console/jvm.options}).
 */
public final class SignInFlood {

    private SignInFlood() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int attackers = Integer.parseInt(options.getOrDefault("attackers", "24"));
        int paceMs = Integer.parseInt(options.getOrDefault("pace-ms", "100"));
        System.out.printf(Locale.ROOT, "# sign-in flood against %s: %d s per phase, %d attackers, administrator every %d ms;"
                + " %d cores, Java %s%n", root, seconds, attackers, paceMs, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path dataDir = Files.createTempDirectory("mamori-signin-flood-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jvmOptions = Path.of(options.getOrDefault("jvm-options", root.resolve("console/jvm.options").toString())); // as ./mamori console
        if (Files.exists(jvmOptions)) {
            Files.readAllLines(jvmOptions).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(command::add);
        }
        command.addAll(List.of("-cp", root.resolve("console/target/mamori-console.jar") + ":" + root.resolve("console/target/lib")
                + "/*", "io.mamori.console.ConsoleApplication", "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        System.out.println("# console: " + String.join(" ", command.subList(1, command.indexOf("-cp"))));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dataDir.resolve("console.log").toFile());
        builder.environment().put("MAMORI_LANG", "en");
        Process console = builder.start();
        try {
            Started started = started(console, dataDir);
            SSLContext tls = trustingConsole(dataDir, started.fingerprint());
            HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10))
                    .build();
            Admin admin = Admin.signIn(http, started.url(), started.password());
            for (int i = 0; i < 50; i++) { // warm-up
                admin.get("/api/admin/events?limit=20");
                admin.get("/ui/dashboard");
            }
            AtomicLong rss = new AtomicLong();
            Thread sampler = sampler(console.pid(), rss);
            List<Double> quiet = admin.measure(seconds, paceMs);
            long quietRss = rss.getAndSet(0);
            report("baseline (no flood)", quiet);

            AtomicBoolean running = new AtomicBoolean(true);
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            AtomicInteger address = new AtomicInteger();
            ExecutorService flood = Executors.newFixedThreadPool(attackers);
            for (int t = 0; t < attackers; t++) {
                flood.execute(() -> {
                    while (running.get()) {
                        int n = address.incrementAndGet();
                        String from = "127.1." + ((n >> 8) & 0xff) + "." + (n & 0xff);
                        int status = signInFrom(tls, from, port, "{\"username\":\"guess-" + n + "\",\"password\":\"Winter2026!"
                                + ThreadLocalRandom.current().nextInt() + "\"}");
                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                    }
                });
            }
            Thread.sleep(2000); // the flood under way
            List<Double> flooded = admin.measure(seconds, paceMs);
            running.set(false);
            flood.shutdown();
            flood.awaitTermination(60, TimeUnit.SECONDS);
            long floodRss = rss.get();
            sampler.interrupt();
            report("during the flood", flooded);
            long attempts = statuses.values().stream().mapToLong(LongAdder::sum).sum();
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
            System.out.printf(Locale.ROOT, "- flood: %d sign-in attempts (%.0f/s), answers by status %s (-1: no answer)%n", attempts,
                    attempts / (seconds + 2.0), byStatus);
            System.out.printf(Locale.ROOT, "- console process resident memory, highest sample: %.0f MiB without the flood, %.0f MiB"
                    + " during it; peak (VmHWM) %.0f MiB%n", quietRss / 1024.0, floodRss / 1024.0, status(console.pid(), "VmHWM:") / 1024.0);
        } finally {
            console.destroy();
            console.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Started(String url, String fingerprint, String password) {
    }

    /** Reads the console's start-up lines; its one-time password from the line or (not a terminal) from its file. */
    private static Started started(Process console, Path dataDir) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        String fingerprint = null;
        String password = null;
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.contains("one-time password:")) {
                Path file = dataDir.resolve("first-run-password.txt");
                password = line.contains(file.toString()) ? Files.readString(file).strip() : line.substring(line.indexOf(':') + 1).strip();
            } else if (line.startsWith("Mamori console is running at ")) {
                url = line.substring("Mamori console is running at ".length()).strip().replaceAll("/$", "");
            } else if (line.contains("TLS certificate SHA-256")) {
                fingerprint = line.substring(line.lastIndexOf(' ') + 1).strip();
            } else if (line.startsWith("Stop it with")) {
                break;
            }
        }
        if (url == null || fingerprint == null || password == null) {
            throw new IOException("the console did not start; see " + dataDir.resolve("console.log"));
        }
        Thread drain = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // later output is not needed
                }
            } catch (IOException e) {
                // stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new Started(url, fingerprint, password);
    }

    /** The administrator's browser-like client: a cookie session and its CSRF token. */
    private record Admin(HttpClient http, String base, String cookie, String csrf) {

        static Admin signIn(HttpClient http, String base, String oneTimePassword) throws Exception {
            HttpResponse<String> first = post(http, base, "/api/admin/session", null, null,
                    "{\"username\":\"admin\",\"password\":\"" + oneTimePassword + "\"}");
            String cookie = cookie(first);
            String csrf = ProtocolJson.readTree(first.body().getBytes(StandardCharsets.UTF_8)).get("csrfToken").asText();
            String password = "Flood-Bench-" + Long.toHexString(System.nanoTime());
            HttpResponse<String> changed = post(http, base, "/api/admin/me/password", cookie, csrf,
                    "{\"currentPassword\":\"" + oneTimePassword + "\",\"newPassword\":\"" + password + "\"}");
            JsonNode body = ProtocolJson.readTree(changed.body().getBytes(StandardCharsets.UTF_8));
            if (!"ACTIVE".equals(body.path("stage").asText())) {
                throw new IllegalStateException("the administrator could not sign in: " + changed.body());
            }
            return new Admin(http, base, cookie(changed), body.get("csrfToken").asText());
        }

        int get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "mamori_session=" + cookie)
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        List<Double> measure(int seconds, int paceMs) throws Exception {
            List<Double> millis = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int i = 0;
            while (System.nanoTime() < end) {
                String path = i++ % 2 == 0 ? "/api/admin/events?limit=20" : "/ui/dashboard";
                long start = System.nanoTime();
                int status = get(path);
                millis.add((System.nanoTime() - start) / 1e6);
                if (status != 200) {
                    throw new IllegalStateException(path + " answered " + status + " to the signed-in administrator");
                }
                Thread.sleep(paceMs);
            }
            return millis;
        }

        private static HttpResponse<String> post(HttpClient http, String base, String path, String cookie, String csrf, String json)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            if (cookie != null) {
                request.header("Cookie", "mamori_session=" + cookie).header("X-CSRF-Token", csrf);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String cookie(HttpResponse<?> response) {
            return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("mamori_session="))
                    .map(c -> c.substring("mamori_session=".length(), c.indexOf(';'))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no session cookie"));
        }
    }

    /** One failed sign-in from a given loopback address (raw HTTP/1.1 over TLS: the JDK's client cannot choose it). */
    private static int signInFrom(SSLContext tls, String from, int port, String json) {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port,
                InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(60_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/admin/session HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.substring(9, 12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** TLS that trusts the console's own certificate, once it is the one whose SHA-256 the console printed. */
    private static SSLContext trustingConsole(Path dataDir, String fingerprint) throws IOException {
        TlsCertificate tls = TlsCertificate.selfSigned(dataDir.resolve("tls"));
        if (!tls.fingerprint().equalsIgnoreCase(fingerprint.replace(":", ""))) {
            throw new IOException("the certificate in " + dataDir.resolve("tls") + " is not the one the console printed");
        }
        return ConsoleFixture.trusting(tls);
    }

    private static Thread sampler(long pid, AtomicLong highest) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = status(pid, "VmRSS:");
                highest.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "- administrator's pages %s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }
}

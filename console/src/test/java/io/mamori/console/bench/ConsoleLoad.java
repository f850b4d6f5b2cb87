package io.mamori.console.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.keys.TlsCertificate;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.console.testing.TestPostgres;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console load harness ({@code tools/bench-console}). Starts a console in its own JVM (on
 * SQLite, or on a PostgreSQL server it starts with durable settings), enrolls N simulated agents
 * through the API, then measures over HTTPS on loopback:
 *
 * <ol>
 *   <li>heartbeats: every agent once per interval, open loop over at most {@code --connections}
 *       keep-alive connections (agents keep theirs open between heartbeats), latency counted from the moment the
 *       heartbeat was due, so a stalled console cannot hide its queue), p50/p99/max;</li>
 *   <li>baseline for (1): the same request rate against the cheapest route the console has
 *       (the OpenAPI document), same run, so the ratio shows what authentication, the database and
 *       the command lookup add;</li>
 *   <li>new TLS connections per second (handshake and close), what a reconnect storm meets;</li>
 *   <li>event ingest: batches of events from many agents, closed loop, events/s stored;</li>
 *   <li>baseline for (3): the same rows inserted straight into the same database with JDBC
 *       batches, no HTTP, no JSON — the ceiling ingest can approach.</li>
 * </ol>
 *
 * Usage: {@code ConsoleLoad [--database sqlite|postgresql] [--agents N] [--interval S]
 * [--heartbeat-seconds S] [--event-seconds S] [--batch N] [--senders N] [--connections N]
 * [--warmup-seconds S]}
 */
public final class ConsoleLoad {

    private final Map<String, String> options;
    private HttpClient http;
    private long consolePid;
    private String base;

    private ConsoleLoad(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("database", "sqlite", "agents", "50000", "interval", "60",
                "heartbeat-seconds", "60", "event-seconds", "30", "batch", "500", "senders", "8", "connections", "64",
                "warmup-seconds", "30"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new ConsoleLoad(options).run();
        System.exit(0);
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        boolean postgres = options.get("database").equals("postgresql");
        Path data = Files.createTempDirectory("mamori-load-");
        TestPostgres database = postgres ? TestPostgres.start(true) : null;
        Process console = null;
        try {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), "io.mamori.console.ConsoleApplication",
                    "--data-dir", data.toString(), "--port", Integer.toString(port),
                    "--config", writeConfig(data).toString()));
            if (database != null) {
                Path passwordFile = data.resolve("db.password");
                Files.writeString(passwordFile, database.password());
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
                command.addAll(List.of("--database-url", database.url(), "--database-user", database.user(),
                        "--database-password-file", passwordFile.toString()));
            }
            System.out.printf(Locale.ROOT, "console: %s, %d agents, heartbeat every %d s; %d cores; %s%n",
                    postgres ? "PostgreSQL (fsync on)" : "SQLite (WAL, synchronous=FULL)", option("agents"), option("interval"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            console = new ProcessBuilder(command).redirectErrorStream(true).start();
            consolePid = console.pid();
            Path consoleLog = data.resolve("console.log");
            String password = waitForStart(console, consoleLog);
            System.out.println("  console log: " + consoleLog);
            http = HttpClient.newBuilder().sslContext(ConsoleFixture.trusting(TlsCertificate.selfSigned(data.resolve("tls"))))
                    .version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4)).build();
            base = "https://127.0.0.1:" + port;
            Session admin = signIn(password);
            List<String[]> agents = enroll(admin, option("agents"));
            heartbeats(agents);
            baselineRequests(agents.size());
            handshakes(port, TlsCertificate.selfSigned(data.resolve("tls")));
            ingest(agents);
            baselineInserts(postgres ? database : null, data);
        } finally {
            if (console != null) {
                console.destroy();
                console.waitFor(30, TimeUnit.SECONDS);
            }
            if (database != null) {
                database.close();
            }
        }
    }

    /** Generous limits for the simulation: every simulated agent shares one address. */
    private static Path writeConfig(Path data) throws IOException {
        Path config = data.resolve("load.yml");
        Files.writeString(config, String.join("\n",
                "mamori:",
                "  console:",
                "    anonymous-requests-per-second: 100000",
                "    anonymous-request-burst: 100000",
                "    agent-requests-per-second: 1000",
                "    agent-request-burst: 1000",
                "  database:",
                "    max-pool-size: 32",
                ""));
        return config;
    }

    private record Session(String cookie, String csrf) {
    }

    private Session signIn(String oneTimePassword) throws Exception {
        HttpResponse<String> first = send("POST", "/api/admin/session", null,
                "{\"username\":\"admin\",\"password\":\"" + oneTimePassword + "\"}");
        Session session = session(first, null);
        String newPassword = "load-test-" + Long.toHexString(new SecureRandom().nextLong());
        HttpResponse<String> changed = send("POST", "/api/admin/me/password", session,
                "{\"currentPassword\":\"" + oneTimePassword + "\",\"newPassword\":\"" + newPassword + "\"}");
        return session(changed, session);
    }

    private static Session session(HttpResponse<String> response, Session previous) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + response.body());
        }
        String cookie = response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("mamori_session="))
                .map(c -> c.substring(15, c.indexOf(';'))).findFirst().orElse(previous == null ? null : previous.cookie());
        return new Session(cookie, ProtocolJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).get("csrfToken").asText());
    }

    private List<String[]> enroll(Session admin, int count) throws Exception {
        HttpResponse<String> token = send("POST", "/api/admin/enrollment-tokens", admin,
                "{\"groupId\":\"default\",\"maxUses\":" + count + ",\"validForHours\":24}");
        String value = ProtocolJson.readTree(token.body().getBytes(StandardCharsets.UTF_8)).get("token").asText();
        List<String[]> agents = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(32);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            String body = "{\"token\":\"" + value + "\",\"hostname\":\"pc-" + i + ".example.jp\",\"os\":\"LINUX\",\"agentVersion\":\"0.1.0\"}";
            pending.add(http.sendAsync(request("POST", "/api/v1/enroll", null, body), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        inFlight.release();
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("enrollment failed: " + response.statusCode() + " " + response.body());
                        }
                        JsonNode enrolled = ProtocolJson.readTree(response.body().getBytes(StandardCharsets.UTF_8));
                        synchronized (agents) {
                            agents.add(new String[] {enrolled.get("agentId").asText(), enrolled.get("agentSecret").asText()});
                        }
                    }));
            if ((i + 1) % 10_000 == 0) {
                System.out.printf(Locale.ROOT, "  enrolled %d/%d%n", i + 1, count);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "enrollment: %d agents in %.1f s (%.0f/s, 32 in flight)%n", count, seconds, count / seconds);
        return agents;
    }

    private void heartbeats(List<String[]> agents) throws Exception {
        int interval = option("interval");
        double rate = (double) agents.size() / interval;
        int total = (int) Math.round(rate * option("heartbeat-seconds"));
        RequestMaker heartbeat = i -> {
            String[] agent = agents.get(i % agents.size());
            String body = "{\"sentAt\":\"" + Instant.now() + "\",\"status\":\"RUNNING\",\"agentVersion\":\"0.1.0\","
                    + "\"policyVersion\":1,\"queueLength\":0}";
            return HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/" + agent[0] + "/heartbeat"))
                    .header("Authorization", "Bearer " + agent[1]).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        };
        // The console's JIT compiles the heartbeat path during the first seconds; a console serves
        // for months, so that start is measured apart and not counted.
        int warmup = (int) Math.round(rate * option("warmup-seconds"));
        if (warmup > 0) {
            openLoop(warmup, rate, heartbeat).print("  warm-up (not counted)");
        }
        System.out.printf(Locale.ROOT, "heartbeats: %.0f/s for %d s (%d agents every %d s, at most %d connections)%n", rate,
                option("heartbeat-seconds"), agents.size(), interval, option("connections"));
        openLoop(total, rate, heartbeat).print("  heartbeat");
    }

    private void baselineRequests(int agents) throws Exception {
        double rate = (double) agents / option("interval");
        int total = (int) Math.round(rate * Math.min(30, option("heartbeat-seconds")));
        Latencies latencies = openLoop(total, rate, i -> HttpRequest.newBuilder(URI.create(base + "/api/openapi.yaml"))
                .timeout(Duration.ofSeconds(30)).GET().build());
        latencies.print("  baseline (GET /api/openapi.yaml, same rate)");
    }

    /**
     * New TLS connections per second the console accepts (closed loop, 4 clients, handshake then
     * close): what a reconnect storm — every agent reconnecting after a console restart — meets.
     */
    private void handshakes(int port, TlsCertificate tls) throws Exception {
        javax.net.ssl.SSLSocketFactory factory = ConsoleFixture.trusting(tls).getSocketFactory();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        AtomicLong done = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", port)) {
                        socket.startHandshake();
                        done.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "new TLS connections: %.0f/s (4 clients, handshake and close, %d failed)%n",
                done.get() / seconds, failed.get());
    }

    private void ingest(List<String[]> agents) throws Exception {
        int batch = option("batch");
        int senders = option("senders");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(option("event-seconds"));
        AtomicLong stored = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        String template = ProtocolJson.write(SyntheticEvents.fileWritten(agents.get(0)[0], Action.AUDIT));
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        double cpuBefore = consoleCpuMillis();
        long[] machineBefore = machineJiffies();
        long started = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            futures.add(pool.submit(() -> {
                int round = 0;
                while (System.nanoTime() < end) {
                    String[] agent = agents.get((sender + round++ * senders) % agents.size());
                    String body = batchOf(template, agents.get(0)[0], agent[0], batch);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/" + agent[0] + "/events"))
                            .header("Authorization", "Bearer " + agent[1]).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            stored.addAndGet(ProtocolJson.readTree(response.body().getBytes(StandardCharsets.UTF_8))
                                    .get("accepted").size());
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "event ingest: %d events in %.1f s = %.0f events/s (batches of %d, %d senders, %d failed)%n",
                stored.get(), seconds, stored.get() / seconds, batch, senders, failures.get());
        double cpu = consoleCpuMillis() - cpuBefore;
        System.out.printf(Locale.ROOT, "    console CPU: %.3f ms per event, %.0f%% of one core; machine %.0f%% busy%n",
                cpu / Math.max(1, stored.get()), cpu / seconds / 10, busyPercent(machineBefore, machineJiffies()));
    }

    /** A batch of fresh events made from one serialised event by swapping ids: cheap for the client. */
    private static String batchOf(String template, String templateAgent, String agentId, int size) {
        StringBuilder body = new StringBuilder(template.length() * size + 16).append("{\"events\":[");
        String forAgent = template.replace(templateAgent, agentId);
        Matcher id = Pattern.compile("\"eventId\":\"[^\"]+\"").matcher(forAgent);
        id.find();
        String before = forAgent.substring(0, id.start());
        String after = forAgent.substring(id.end());
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(before).append("\"eventId\":\"").append(EventIds.next()).append('"').append(after);
        }
        return body.append("]}").toString();
    }

    /** The same rows straight into the same kind of database: JDBC batches of 500, no HTTP, no JSON parsing. */
    private void baselineInserts(TestPostgres postgres, Path data) throws Exception {
        String url = postgres == null ? "jdbc:sqlite:" + data.resolve("baseline.db") : postgres.url();
        try (Connection connection = postgres == null ? sqlite(url) : DriverManager.getConnection(url + "?reWriteBatchedInserts=true",
                postgres.user(), postgres.password())) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE baseline_event (event_id VARCHAR(36) PRIMARY KEY, agent_id VARCHAR(36) NOT NULL,"
                        + " occurred_at BIGINT NOT NULL, kind VARCHAR(32) NOT NULL, user_name VARCHAR(255), file_path VARCHAR(4096),"
                        + " file_sha256 VARCHAR(64), action VARCHAR(16), document TEXT NOT NULL)");
                statement.execute("CREATE INDEX baseline_by_time ON baseline_event (occurred_at, event_id)");
                statement.execute("CREATE INDEX baseline_by_user ON baseline_event (user_name, occurred_at)");
            }
            connection.setAutoCommit(false);
            Event sample = SyntheticEvents.fileWritten(java.util.UUID.randomUUID().toString(), Action.AUDIT);
            String document = ProtocolJson.write(sample);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(15, option("event-seconds")));
            long rows = 0;
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO baseline_event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 500; i++) {
                        insert.setString(1, EventIds.next().toString());
                        insert.setString(2, sample.agentId().toString());
                        insert.setLong(3, System.currentTimeMillis());
                        insert.setString(4, "FILE_WRITTEN");
                        insert.setString(5, sample.actor().user());
                        insert.setString(6, sample.file().path());
                        insert.setString(7, sample.file().sha256());
                        insert.setString(8, "AUDIT");
                        insert.setString(9, document);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    rows += 500;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "  baseline (same rows by JDBC, one process, batches of 500): %.0f rows/s%n", rows / seconds);
        }
    }

    private static Connection sqlite(String url) throws Exception {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.FULL);
        return config.createConnection(url);
    }

    // ---------------------------------------------------------------- measuring

    private interface RequestMaker {
        HttpRequest make(int index);
    }

    /** Latencies of an open-loop run, in nanoseconds, from the moment each request was due. */
    /** Jiffies the whole machine has been busy and in total so far (Linux /proc/stat). */
    private static long[] machineJiffies() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static double busyPercent(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total == 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / total;
    }

    /** CPU time the console's process has used, user + system, in milliseconds (Linux /proc). */
    private double consoleCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + consolePid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000.0 / 100; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private record Latencies(long[] nanos, int errors, double seconds, int sent, double consoleCpuMillis, double machineBusy) {
        void print(String what) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms, %d errors%n", what, sent, seconds, sent / seconds, ms(sorted, 0.50), ms(sorted, 0.90),
                    ms(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errors);
            System.out.printf(Locale.ROOT, "    console CPU: %.2f ms per request, %.0f%% of one core; machine %.0f%% busy%n",
                    consoleCpuMillis / sent, consoleCpuMillis / seconds / 10, machineBusy);
        }

        private static double ms(long[] sorted, double quantile) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }

    private Latencies openLoop(int total, double perSecond, RequestMaker maker) throws Exception {
        ConcurrentLinkedQueue<Long> results = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> causes = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        double cpuBefore = consoleCpuMillis();
        long[] machineBefore = machineJiffies();
        long start = System.nanoTime();
        Semaphore connections = new Semaphore(option("connections"));
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // At most this many requests in flight, so at most this many keep-alive connections, as
            // agents that keep their connection open between heartbeats. Waiting here for a free one
            // still counts against the request: latency is measured from when it was due.
            connections.acquire();
            pending.add(http.sendAsync(maker.make(i), HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                connections.release();
                if (failure != null || response.statusCode() >= 300) {
                    errors.incrementAndGet();
                    String cause = failure != null ? rootCause(failure) : "HTTP " + response.statusCode();
                    causes.merge(cause, 1, Integer::sum);
                } else {
                    results.add(System.nanoTime() - due);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        causes.forEach((cause, count) -> System.out.printf(Locale.ROOT, "    error: %d × %s%n", count, cause));
        return new Latencies(results.stream().mapToLong(Long::longValue).toArray(), errors.get(), seconds, total,
                consoleCpuMillis() - cpuBefore, busyPercent(machineBefore, machineJiffies()));
    }

    // ---------------------------------------------------------------- plumbing

    private HttpRequest request(String method, String path, Session session, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (session != null) {
            builder.header("Cookie", "mamori_session=" + session.cookie()).header("X-CSRF-Token", session.csrf());
        }
        return builder.build();
    }

    private HttpResponse<String> send(String method, String path, Session session, String body) throws Exception {
        return http.send(request(method, path, session, body), HttpResponse.BodyHandlers.ofString());
    }

    private static String waitForStart(Process console, Path consoleLog) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8));
        Pattern password = Pattern.compile("([a-z0-9]{4}(-[a-z0-9]{4}){4})");
        String oneTime = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = password.matcher(line);
            if (oneTime == null && m.find()) {
                oneTime = m.group(1);
            }
            if (line.contains("https://")) {
                Thread drain = new Thread(() -> {
                    // keep the pipe empty so the console never blocks on its own output; keep its
                    // log for whoever reads the figures
                    try (var log = Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8)) {
                        for (String next = out.readLine(); next != null; next = out.readLine()) {
                            log.write(next);
                            log.newLine();
                        }
                    } catch (IOException ignored) {
                        // the console stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                // output that is not a terminal gets the file's name, not the password (TerminalFirstRunNotice)
                Path file = consoleLog.resolveSibling("first-run-password.txt");
                if (Files.exists(file)) {
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                }
                if (oneTime == null) {
                    throw new IllegalStateException("the console did not print a one-time password");
                }
                return oneTime;
            }
        }
        throw new IllegalStateException("the console stopped before it was ready");
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

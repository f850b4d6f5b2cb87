package io.mamori.console.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and benchmarks, started from the Debian package's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}; {@code .ci/run} installs the package) in a fresh
 * data directory on a free loopback port, with a random password — or, when
 * {@code MAMORI_TEST_POSTGRES_URL} is set, a fresh database on that server. As root the server
 * runs as the {@code postgres} user, because PostgreSQL refuses to run as root.
 */
public final class TestPostgres implements AutoCloseable {

    private final Path baseDir;
    private final Path bin;
    private final boolean asPostgresUser;
    private final String url;
    private final String user;
    private final String password;
    private final Process server;

    private TestPostgres(Path baseDir, Path bin, boolean asPostgresUser, String url, String user, String password, Process server) {
        this.baseDir = baseDir;
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.url = url;
        this.user = user;
        this.password = password;
        this.server = server;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Whether a server can be had here; on CI it must be, so callers fail instead of skipping. */
    public static boolean available() {
        return System.getenv("MAMORI_TEST_POSTGRES_URL") != null || binaries() != null;
    }

    /**
     * Starts a server. {@code durable} keeps fsync and synchronous commits on (benchmarks); tests
     * turn them off, which changes nothing they check and saves seconds.
     */
    public static TestPostgres start(boolean durable) throws IOException, InterruptedException, SQLException {
        String external = System.getenv("MAMORI_TEST_POSTGRES_URL");
        if (external != null) {
            return onExternalServer(external, System.getenv("MAMORI_TEST_POSTGRES_USER"),
                    System.getenv("MAMORI_TEST_POSTGRES_PASSWORD"));
        }
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL is not installed: install the Debian package 'postgresql'"
                    + " (./mamori test does when run as root) or set MAMORI_TEST_POSTGRES_URL");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Files.createTempDirectory("mamori-pg-");
        Path dataDir = base.resolve("data");
        Path socketDir = base.resolve("socket");
        Files.createDirectories(socketDir);
        String password = newPassword();
        Path pwfile = base.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", base.toString()), Duration.ofSeconds(30));
        }
        run(command(root, bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "mamori", "--pwfile",
                pwfile.toString(), "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"), Duration.ofSeconds(120));
        Files.deleteIfExists(pwfile);
        int port = freePort();
        List<String> postgres = new ArrayList<>(command(root, bin.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-k", socketDir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=200", "-c", "shared_buffers=256MB"));
        if (!durable) {
            postgres.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        Process server = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(base.resolve("server.log").toFile()).start();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        waitUntilReady(url, "mamori", password, server, base.resolve("server.log"));
        try (Connection connection = DriverManager.getConnection(url, "mamori", password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE mamori");
        }
        return new TestPostgres(base, bin, root, "jdbc:postgresql://127.0.0.1:" + port + "/mamori", "mamori", password, server);
    }

    private static TestPostgres onExternalServer(String url, String user, String password) throws SQLException {
        String database = "mamori_test_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String fresh = url.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return new TestPostgres(null, null, false, fresh, user, password, null);
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(), "stop",
                    "-m", "fast", "-w"), Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | IllegalStateException e) {
            server.destroyForcibly();
        }
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> command(boolean asPostgres, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + limit);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void waitUntilReady(String url, String user, String password, Process server, Path log)
            throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL stopped while starting: " + Files.readString(log));
            }
            try (Connection ignored = DriverManager.getConnection(url, user, password)) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

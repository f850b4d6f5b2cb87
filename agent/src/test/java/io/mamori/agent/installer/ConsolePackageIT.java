package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mamori.agent.testing.Root;
import io.mamori.console.keys.TlsCertificate;
import io.mamori.console.testing.ConsoleFixture;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's .deb installed for real on this machine (docs/deploy.md): built by
 * installer/linux/build-deb.sh console, installed with dpkg (system user, data directory, modes),
 * its unit linted, the console started with the unit's own ExecStart as the unit's user (no
 * systemd here, so runuser stands in for User= and the sandboxing options are not applied),
 * answering HTTPS on loopback with the sign-in page and keeping the first administrator's
 * password out of its output; upgraded in place (database, keys and an edited configuration
 * kept), removed, purged. Whatever happens, nothing stays installed. Failsafe: it needs the
 * packaged console.
 */
class ConsolePackageIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path PREFIX = Path.of("/opt/mamori/console");
    private static final Path DATA = Path.of("/var/lib/mamori/console");
    private static final Path CONFIG = Path.of("/etc/mamori/console.yml");
    private static final Path UNIT = Path.of("/lib/systemd/system/mamori-console.service");
    private static final String USER = "mamori-console";

    private Process console;

    @Test
    void installsRunsAsItsOwnUserOverHttpsUpgradesKeepingItsDatabaseAndIsPurged() throws Exception {
        Root.required("dpkg -i installs into /opt, /etc and /var/lib and adds a system user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "a Debian system");
        assertThat(Commands.run("dpkg-query", "-W", "mamori-console").code())
                .as("mamori-console is already installed on this machine; the test will not touch it").isNotZero();
        assertThat(Commands.run("getent", "passwd", USER).code()).as("a user %s exists already", USER).isNotZero();
        long started = System.nanoTime();
        Path deb = build();

        // install: user, data directory, configuration modes
        Commands.Result install = Commands.run("dpkg", "-i", deb.toString());
        assertThat(install.code()).as(install.output()).isZero();
        assertThat(install.output()).contains("created the system user " + USER).contains("first-run-password.txt")
                .contains("systemd is not running");
        String[] account = Commands.run("getent", "passwd", USER).output().strip().split(":");
        assertThat(Integer.parseInt(account[2])).as("a system user").isLessThan(1000).isPositive();
        assertThat(account[5]).isEqualTo(DATA.toString());
        assertThat(account[6]).isEqualTo("/usr/sbin/nologin");
        assertThat(owner(DATA)).isEqualTo(USER);
        assertThat(mode(DATA)).isEqualTo("rwx------");
        assertThat(mode(Path.of("/var/lib/mamori"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(CONFIG)).isEqualTo("rw-r-----");
        assertThat(Files.readAttributes(CONFIG, PosixFileAttributes.class).group().getName()).isEqualTo(USER);
        assertThat(PREFIX.resolve("runtime/bin/java")).isExecutable();
        assertThat(PREFIX.resolve("mamori-console.jar")).isRegularFile();
        assertThat(Path.of("/usr/bin/mamori-console")).isSymbolicLink();

        // the unit lints clean (systemd-analyze verify works without systemd as PID 1)
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            Commands.Result verify = Commands.run("systemd-analyze", "verify", UNIT.toString());
            assertThat(verify.code()).as(verify.output()).isZero();
            assertThat(verify.output()).isEmpty();
        }
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=" + USER, "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "NoNewPrivileges=yes", "CapabilityBoundingSet=\n", "Restart=on-failure", "StateDirectory=mamori/console");

        // first start: the unit's ExecStart as its user; HTTPS on loopback; the password only in a private file
        int port = freePort();
        List<String> firstOutput = start(port);
        assertThat(String.join("\n", firstOutput)).contains("first-run-password.txt").contains("https://127.0.0.1:" + port + "/")
                .as("names the installed command, not the checkout's").contains("Run: mamori-console reset-password admin");
        Path passwordFile = DATA.resolve("first-run-password.txt");
        assertThat(owner(passwordFile)).isEqualTo(USER);
        assertThat(mode(passwordFile)).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        assertThat(String.join("\n", firstOutput)).as("the journal gets the file's name, never the password").doesNotContain(password);
        assertThat(owner(DATA.resolve("console.db"))).isEqualTo(USER);
        assertThat(mode(DATA.resolve("console.db"))).isEqualTo("rw-------");
        assertSignInPage(port);
        stop();
        byte[] keysBefore = Files.readAllBytes(onlyFile(DATA.resolve("keys"), "policy-"));

        // upgrade in place: database, keys and the edited configuration kept, no new administrator
        Files.writeString(CONFIG, Files.readString(CONFIG) + "# edited by ConsolePackageIT\n");
        Commands.Result upgrade = Commands.run("dpkg", "-i", deb.toString());
        assertThat(upgrade.code()).as(upgrade.output()).isZero();
        assertThat(upgrade.output()).doesNotContain("created the system user").doesNotContain("first start");
        assertThat(Files.readString(CONFIG)).contains("# edited by ConsolePackageIT");
        assertThat(Files.readAllBytes(onlyFile(DATA.resolve("keys"), "policy-"))).isEqualTo(keysBefore);
        List<String> secondOutput = start(port);
        assertThat(String.join("\n", secondOutput)).as("the database of the first start is the one in use")
                .doesNotContain("first-run-password.txt").doesNotContain("created the first administrator");
        assertSignInPage(port);
        stop();

        // the host command runs as the service's user: files it makes are not root's
        Commands.Result fingerprint = Commands.run("/usr/bin/mamori-console", "fingerprint");
        assertThat(fingerprint.code()).as(fingerprint.output()).isZero();
        assertThat(fingerprint.output().strip()).matches("(?s).*[0-9a-f]{64}$");

        // remove keeps data, configuration and user; purge deletes them
        Commands.Result removed = Commands.run("dpkg", "-r", "mamori-console");
        assertThat(removed.code()).as(removed.output()).isZero();
        assertThat(PREFIX).doesNotExist();
        assertThat(DATA.resolve("console.db")).exists();
        assertThat(CONFIG).exists();
        assertThat(Commands.run("getent", "passwd", USER).code()).isZero();
        Commands.Result purged = Commands.run("dpkg", "-P", "mamori-console");
        assertThat(purged.code()).as(purged.output()).isZero();
        assertThat(DATA).doesNotExist();
        assertThat(CONFIG).doesNotExist();
        assertThat(Commands.run("getent", "passwd", USER).code()).isNotZero();
        assertThat(installed()).isFalse();
        System.out.printf("ConsolePackageIT: build, install, run, upgrade, remove and purge in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    /**
     * The unit's ExecStart, as systemd would run it: as User= (runuser), with UMask=, and with
     * $MAMORI_CONSOLE_OPTIONS split into words (here: another port, so no console already on 8443
     * is in the way). Returns the output up to the console's "running" lines.
     */
    private List<String> start(int port) throws Exception {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", USER, "--", "sh", "-c", "umask 077 && exec \"$@\"", "sh"));
        for (String word : execStart()) {
            if (word.equals("$MAMORI_CONSOLE_OPTIONS")) {
                command.addAll(List.of("--port", Integer.toString(port)));
            } else {
                command.add(word);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MAMORI_LANG", "en");
        console = builder.start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            if (line == null) {
                throw new IOException("the console ended before it was running:\n" + String.join("\n", lines));
            }
            lines.add(line);
            if (line.contains("Stop it with")) {
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException e) {
                // the console ended
            }
        }, "console-output");
        drain.setDaemon(true);
        drain.start();
        return lines;
    }

    private void stop() throws Exception {
        List<ProcessHandle> all = new ArrayList<>(console.descendants().toList());
        all.add(console.toHandle());
        for (ProcessHandle process : all) {
            process.destroy(); // SIGTERM, as systemctl stop
        }
        for (ProcessHandle process : all) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
        console = null;
    }

    private static void assertSignInPage(int port) throws Exception {
        TlsCertificate tls = TlsCertificate.load(DATA.resolve("tls/console.p12"),
                Files.readString(DATA.resolve("tls/console.p12.password")).strip());
        HttpClient client = HttpClient.newBuilder().sslContext(ConsoleFixture.trusting(tls)).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/ui/sign-in"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("type=\"password\"");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (console != null) {
            console.descendants().forEach(ProcessHandle::destroyForcibly);
            console.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (installed()) {
            Commands.run("dpkg", "-P", "mamori-console");
            if (installed()) {
                Commands.run("dpkg", "--force-all", "-P", "mamori-console");
            }
        }
        Commands.run("rm", "-rf", PREFIX.toString(), DATA.toString(), CONFIG.toString(), "/etc/mamori/console.env",
                "/usr/bin/mamori-console", UNIT.toString());
        Commands.run("rmdir", "/opt/mamori", "/var/lib/mamori", "/etc/mamori");
        if (Commands.run("getent", "passwd", USER).code() == 0) {
            Commands.run("userdel", USER);
        }
        if (Commands.run("getent", "group", USER).code() == 0) {
            Commands.run("groupdel", USER);
        }
    }

    private static Path built;

    private static synchronized Path build() throws Exception {
        if (built != null) {
            return built;
        }
        assertThat(REPOSITORY.resolve("console/target/mamori-console.jar"))
                .as("the console module is packaged (this test runs in failsafe, after package)").isRegularFile();
        // gzip, not xz: the jars hardly compress and xz takes most of a minute over them
        Commands.Result build = Commands.run(List.of("bash", REPOSITORY.resolve("installer/linux/build-deb.sh").toString(), "console"),
                Map.of("MAMORI_DEB_COMPRESSION", "gzip"));
        assertThat(build.code()).as(build.output()).isZero();
        System.out.print(build.output());
        try (var found = Files.list(REPOSITORY.resolve("target/packages"))) {
            built = found.filter(p -> p.getFileName().toString().matches("mamori-console_.*_amd64\\.deb")).findFirst().orElseThrow();
            return built;
        }
    }

    /** ExecStart of the installed unit, split into words as systemd does for a line without quotes. */
    private static List<String> execStart() throws Exception {
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            if (line.startsWith("ExecStart=")) {
                String command = line.substring("ExecStart=".length()).strip();
                assertThat(command).doesNotContain("\"").doesNotContain("'").doesNotContain("%");
                return List.of(command.split("\\s+"));
            }
        }
        throw new AssertionError("no ExecStart in " + UNIT);
    }

    private static Path onlyFile(Path folder, String prefix) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean installed() throws Exception {
        Commands.Result query = Commands.run("dpkg-query", "-W", "-f=${Status}", "mamori-console");
        return query.code() == 0 && query.output().contains("installed") && !query.output().contains("not-installed");
    }

    private static String owner(Path path) throws Exception {
        return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

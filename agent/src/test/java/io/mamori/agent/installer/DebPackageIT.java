package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.ChildOutput;
import io.mamori.agent.testing.ConsoleEvents;
import io.mamori.agent.testing.Root;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's .deb installed for real on this machine (docs/deploy.md): built by
 * installer/linux/build-deb.sh from the packaged module (so this is a failsafe test: it runs after
 * {@code package}), enrolled at install against a console this test starts, the agent started with
 * the installed unit's own ExecStart (no systemd here), upgraded in place, removal refused without
 * the uninstall token and done with it, then purged. Whatever happens, nothing stays installed.
 */
class DebPackageIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path PREFIX = Path.of("/opt/mamori/agent");
    private static final Path STATE = Path.of("/var/lib/mamori/agent");
    private static final Path UNIT = Path.of("/lib/systemd/system/mamori-agent.service");
    private static final Path CONF = Path.of("/etc/mamori/agent-install.conf");

    private Process agent;

    @Test
    void installsEnrollsRunsUpgradesAndIsRemovedOnlyWithTheUninstallToken() throws Exception {
        Root.required("dpkg -i installs into /opt, /etc and /var/lib");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "a Debian system");
        assertThat(run(List.of("dpkg-query", "-W", "mamori-agent"), Map.of()).code)
                .as("mamori-agent is already installed on this machine; the test will not touch it").isNotZero();
        long started = System.nanoTime();
        Path deb = build();
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.heartbeat-interval-seconds", 5), null)) {
            String uninstallToken = "it-holds-this-" + System.nanoTime();
            Files.createDirectories(CONF.getParent());
            Files.writeString(CONF, "# written by DebPackageIT\nconsole-url = " + console.client().baseUrl() + "/\n"
                    + "enroll-token = " + console.enrollmentToken("default", 1, 1) + "\n"
                    + "console-fingerprint = " + console.tls().fingerprint() + "\n"
                    + "uninstall-token-sha256 = " + sha256(uninstallToken) + "\n");
            Files.setPosixFilePermissions(CONF, PosixFilePermissions.fromString("rw-------"));

            // install: files, modes, enrollment without a prompt
            Run install = dpkg(Map.of(), "-i", deb.toString());
            assertThat(install.code).as(install.output).isZero();
            assertThat(install.output).contains("enrolled with").contains("removal now needs the uninstall token");
            assertThat(PREFIX.resolve("runtime/bin/java")).isExecutable();
            assertThat(PREFIX.resolve("mamori-agent.jar")).isRegularFile();
            assertThat(PREFIX.resolve("jvm.options")).isRegularFile();
            assertThat(PREFIX.resolve("lib")).isDirectory();
            assertThat(PREFIX.resolve("agent-lib")).isDirectory();
            assertThat(mode(STATE)).isEqualTo("rwx------");
            assertThat(mode(STATE.resolve("identity.json"))).isEqualTo("rw-------");
            assertThat(CONF).as("the install config, token and all, is gone after use").doesNotExist();
            Path hash = STATE.resolve("uninstall-token.sha256");
            assertThat(Files.readString(hash).strip()).as("kept by uninstall-hash").isEqualTo(sha256(uninstallToken));
            assertThat(mode(hash)).isEqualTo("rw-------");
            assertThat(Files.readString(Path.of("/var/log/mamori/agent-install.log"))).contains("enrolled with");
            String identity = Files.readString(STATE.resolve("identity.json"));
            Run status = run(List.of("/usr/bin/mamori-agent", "status"), Map.of("MAMORI_LANG", "en"));
            assertThat(status.code).as(status.output).isZero();

            // the unit lints clean; systemd-analyze verify works without systemd as PID 1 and checks that ExecStart's program exists
            if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
                Run verify = run(List.of("systemd-analyze", "verify", UNIT.toString()), Map.of());
                assertThat(verify.code).as(verify.output).isZero();
                assertThat(verify.output).isEmpty();
            }

            // the unit's own ExecStart: the agent starts and says so to the console
            List<String> execStart = execStart();
            assertThat(execStart.get(0)).isEqualTo(PREFIX.resolve("runtime/bin/java").toString());
            ProcessBuilder unitProcess = new ProcessBuilder(execStart).redirectErrorStream(true);
            unitProcess.environment().put("MAMORI_LANG", "en");
            agent = unitProcess.start();
            ChildOutput.awaitLine(agent, "ready in");
            String agentId = AgentIdentity.load(StateDirectory.open(STATE)).orElseThrow().agentId().toString();
            awaitEvent(console, agentId, "AGENT_STARTED");
            agent.destroy(); // SIGTERM, as systemctl stop
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long records = Files.size(STATE.resolve("oplog.db"));
            assertThat(records).isPositive();

            // upgrade in place from a package that kept the hash in /var/lib/mamori/package: no token asked,
            // enrollment and log kept, the hash moved into the agent's state
            Path oldHash = Path.of("/var/lib/mamori/package/uninstall-token.sha256");
            Files.createDirectories(oldHash.getParent());
            Files.move(hash, oldHash);
            Run upgrade = dpkg(Map.of(), "-i", deb.toString());
            assertThat(upgrade.code).as(upgrade.output).isZero();
            assertThat(upgrade.output).contains("already enrolled").doesNotContain("REFUSED");
            assertThat(Files.readString(hash).strip()).as(upgrade.output).isEqualTo(sha256(uninstallToken));
            assertThat(oldHash).doesNotExist();
            assertThat(Files.readString(STATE.resolve("identity.json"))).isEqualTo(identity);
            assertThat(STATE.resolve("oplog.db")).exists();

            // removal: refused without the token, refused with a wrong one — each refusal left for the agent
            Run refused = dpkg(Map.of(), "-r", "mamori-agent");
            assertThat(refused.code).isNotZero();
            assertThat(refused.output).contains("REMOVAL REFUSED");
            assertThat(installed()).isTrue();
            Run wrong = dpkg(Map.of("MAMORI_UNINSTALL_TOKEN", "not-the-token"), "-r", "mamori-agent");
            assertThat(wrong.code).isNotZero();
            assertThat(wrong.output).contains("does not match");
            assertThat(installed()).isTrue();
            List<Path> refusalRecords;
            try (var listed = Files.list(STATE.resolve("removal-refused"))) {
                refusalRecords = listed.filter(f -> f.toString().endsWith(".json")).toList();
            }
            assertThat(refusalRecords).hasSize(2);
            for (Path record : refusalRecords) {
                assertThat(Files.readString(record)).doesNotContain("not-the-token");
            }

            // the console makes the group's token; the running agent reports the refusals and takes the console's hash
            String consoleToken = console.admin().client().post("/api/admin/groups/default/uninstall-token", null).json()
                    .get("token").asText();
            agent = unitProcess.start();
            ChildOutput.awaitLine(agent, "ready in");
            awaitEvent(console, agentId, "ENFORCEMENT_FAILED");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(sha256(consoleToken).equals(Files.readString(hash).strip()) && refusedReported(console, agentId) == 2)) {
                assertThat(System.nanoTime()).as("the console's hash kept and both refusals at the console within 60 s")
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
            try (var listed = Files.list(STATE.resolve("removal-refused"))) {
                assertThat(listed.filter(f -> f.toString().endsWith(".json")).count()).as("reported, so deleted").isZero();
            }
            agent.destroy();
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // from now on the console's token removes the agent, the installer's no longer does
            Run installersToken = dpkg(Map.of("MAMORI_UNINSTALL_TOKEN", uninstallToken), "-r", "mamori-agent");
            assertThat(installersToken.code).isNotZero();
            assertThat(installed()).isTrue();
            Files.writeString(Path.of("/etc/mamori/uninstall-token"), consoleToken + "\n");
            Run removed = dpkg(Map.of(), "-r", "mamori-agent");
            assertThat(removed.code).as(removed.output).isZero();
            assertThat(Path.of("/etc/mamori/uninstall-token")).as("accepted, so deleted").doesNotExist();
            assertThat(PREFIX.resolve("mamori-agent.jar")).doesNotExist();
            assertThat(STATE.resolve("identity.json")).as("remove keeps the state").exists();

            // purge: the state goes
            Run purged = dpkg(Map.of(), "-P", "mamori-agent");
            assertThat(purged.code).as(purged.output).isZero();
            assertThat(Path.of("/var/lib/mamori")).doesNotExist();
            assertThat(installed()).isFalse();
            System.out.printf("DebPackageIT: build, install, run, upgrade, remove and purge in %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    @Test
    void aFailedEnrollmentLeavesThePackageInstalledAndTheAgentRunningOnTheShippedPolicy() throws Exception {
        Root.required("dpkg -i installs into /opt, /etc and /var/lib");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "a Debian system");
        assertThat(run(List.of("dpkg-query", "-W", "mamori-agent"), Map.of()).code)
                .as("mamori-agent is already installed on this machine; the test will not touch it").isNotZero();
        Path deb = build();
        Files.createDirectories(CONF.getParent());
        // nothing listens on port 9: the console is unreachable; no uninstall token is configured
        Files.writeString(CONF, "console-url = https://127.0.0.1:9/\nenroll-token = some-token\n"
                + "console-fingerprint = " + "ab".repeat(32) + "\n");
        Files.setPosixFilePermissions(CONF, PosixFilePermissions.fromString("rw-------"));
        Run install = dpkg(Map.of(), "-i", deb.toString());
        assertThat(install.code).as(install.output).isZero();
        assertThat(install.output).contains("ENROLLMENT FAILED").contains("https://127.0.0.1:9/").contains("shipped policy");
        assertThat(install.output).doesNotContain("some-token");
        assertThat(installed()).isTrue();
        assertThat(STATE.resolve("identity.json")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(STATE.resolve("pending-enrollment.json"))))
                .as("it holds the token").isEqualTo("rw-------");
        assertThat(CONF).as("kept for a retry with dpkg-reconfigure").exists();
        assertThat(Files.readString(Path.of("/var/log/mamori/agent-install.log"))).contains("ENROLLMENT FAILED")
                .doesNotContain("some-token");
        // the unit's agent runs all the same, on the package's shipped policy, and keeps trying
        assertThat(execStart()).contains("--shipped-policy", "/opt/mamori/agent/policy/default.json");
        ProcessBuilder unitProcess = new ProcessBuilder(execStart()).redirectErrorStream(true);
        unitProcess.environment().put("MAMORI_LANG", "en");
        agent = unitProcess.start();
        String started = ChildOutput.awaitLine(agent, "ready in");
        assertThat(started).contains("NOT ENROLLED").contains("Enforcing the shipped policy");
        Run status = run(List.of("/usr/bin/mamori-agent", "status"), Map.of("MAMORI_LANG", "en"));
        assertThat(status.output).contains("NOT ENROLLED").contains("cannot connect").doesNotContain("some-token");
        assertThat(agent.isAlive()).as("still running").isTrue();
        agent.destroy(); // SIGTERM, as systemctl stop
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // without an uninstall token's hash, removal is allowed
        Run purged = dpkg(Map.of(), "-P", "mamori-agent");
        assertThat(purged.code).as(purged.output).isZero();
        assertThat(installed()).isFalse();
        assertThat(STATE).as("purge deletes the pending enrollment with the state").doesNotExist();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (known()) {
            Files.createDirectories(Path.of("/var/lib/mamori/package"));
            Files.deleteIfExists(Path.of("/var/lib/mamori/package/uninstall-token.sha256"));
            Files.deleteIfExists(STATE.resolve("uninstall-token.sha256"));
            run(List.of("dpkg", "-P", "mamori-agent"), Map.of());
            if (known()) {
                run(List.of("dpkg", "--force-all", "-P", "mamori-agent"), Map.of());
            }
        }
        for (String path : List.of("/opt/mamori", "/etc/mamori", "/var/lib/mamori", "/var/log/mamori", "/run/mamori")) {
            run(List.of("rm", "-rf", path), Map.of());
        }
        run(List.of("rm", "-f", "/usr/bin/mamori-agent", UNIT.toString()), Map.of());
    }

    private static Path built;

    private static synchronized Path build() throws Exception {
        if (built != null) {
            return built;
        }
        Path agentJar = REPOSITORY.resolve("agent/target/mamori-agent.jar");
        assertThat(agentJar).as("the agent module is packaged (this test runs in failsafe, after package)").isRegularFile();
        // gzip, not xz: the jars hardly compress and xz takes most of a minute over them
        Run build = run(List.of("bash", REPOSITORY.resolve("installer/linux/build-deb.sh").toString()),
                Map.of("MAMORI_DEB_COMPRESSION", "gzip"));
        assertThat(build.code).as(build.output).isZero();
        System.out.print(build.output);
        try (var found = Files.list(REPOSITORY.resolve("target/packages"))) {
            built = found.filter(p -> p.getFileName().toString().matches("mamori-agent_.*_amd64\\.deb")).findFirst().orElseThrow();
            return built;
        }
    }

    /** ExecStart of the installed unit, split into words as systemd does for a line without quotes. */
    private static List<String> execStart() throws Exception {
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            if (line.startsWith("ExecStart=")) {
                String command = line.substring("ExecStart=".length()).strip();
                assertThat(command).doesNotContain("\"").doesNotContain("'").doesNotContain("%").doesNotContain("$");
                return List.of(command.split("\\s+"));
            }
        }
        throw new AssertionError("no ExecStart in " + UNIT);
    }

    private static void awaitEvent(ConsoleFixture console, String agentId, String kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ConsoleEvents.of(console.admin().client(), agentId, kind).isEmpty()) {
            assertThat(System.nanoTime()).as("%s at the console within 60 s", kind).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** How many "removal refused:" events of the agent the console has. */
    private static long refusedReported(ConsoleFixture console, String agentId) {
        return ConsoleEvents.of(console.admin().client(), agentId, "ENFORCEMENT_FAILED").stream()
                .map(e -> console.admin().client().get("/api/admin/events/" + e.path("eventId").asText()).json())
                .filter(e -> e.path("event").path("detail").asText().startsWith("removal refused:")).count();
    }

    /** dpkg knows the package in any state (half-configured, config-files …): cleaning up must purge it. */
    private static boolean known() throws Exception {
        Run query = run(List.of("dpkg-query", "-W", "-f=${Status}", "mamori-agent"), Map.of());
        return query.code == 0 && !query.output.strip().endsWith("not-installed");
    }

    private static boolean installed() throws Exception {
        Run query = run(List.of("dpkg-query", "-W", "-f=${Status}", "mamori-agent"), Map.of());
        return query.code == 0 && query.output.contains("installed") && !query.output.contains("not-installed");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Run dpkg(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(List.of(arguments));
        return run(command, environment);
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}

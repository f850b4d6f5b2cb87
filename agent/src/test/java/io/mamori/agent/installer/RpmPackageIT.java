package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Root;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's .rpm (installer/linux/build-rpm.sh): its files and scriptlets as rpm reads them,
 * then installed for real with rpm into a throw-away root ({@link RpmRoot}: the scriptlets run
 * chrooted there, with this machine's programs) — enrolled at install against a console this
 * test starts, upgraded in place, erase refused without the uninstall token (rpm keeps the
 * package when %preun fails), refused with a wrong one, done with the right one. What this cannot
 * show: systemd (the root has none, as the scriptlets see: "systemd is not running") and an RPM
 * distribution's own programs (the root's programs are Debian's). The .deb is the package
 * installed on this machine itself (DebPackageIT). The console's .rpm likewise: its user added in
 * %pre, data directory and configuration modes, erase keeping the data (ConsolePackageIT runs the
 * console from its .deb). Failsafe: it needs the packaged jars.
 */
class RpmPackageIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final String PREFIX = "/opt/mamori/agent";

    @Test
    void carriesTheDebsFilesAndScriptletsThatMapRpmsCountsToTheSameLogic() throws Exception {
        Path rpm = build();
        Commands.Result files = Commands.run("rpm", "-qlp", rpm.toString());
        assertThat(files.code()).as(files.output()).isZero();
        assertThat(files.output().lines()).contains(PREFIX + "/runtime/bin/java", PREFIX + "/mamori-agent.jar",
                PREFIX + "/jvm.options", PREFIX + "/policy/default.json", PREFIX + "/bin/mamori-agent", PREFIX + "/lib",
                PREFIX + "/agent-lib", "/usr/bin/mamori-agent", "/usr/lib/systemd/system/mamori-agent.service");
        assertThat(files.output()).as("the shipped policy's folder holds it alone").contains(PREFIX + "/policy/default.json");

        Commands.Result scripts = Commands.run("rpm", "-qp", "--scripts", rpm.toString());
        assertThat(scripts.code()).as(scripts.output()).isZero();
        String text = scripts.output();
        assertThat(text).contains("postinstall scriptlet", "preuninstall scriptlet", "postuninstall scriptlet",
                "posttrans scriptlet").doesNotContain("preinstall scriptlet");
        assertThat(section(text, "postinstall")).contains("agent_configure\nexit 0");
        assertThat(section(text, "preuninstall"))
                .as("only an erase ($1 = 0) asks for the token; the old package of an upgrade does nothing")
                .contains("if [ \"$1\" -eq 0 ]; then\n  agent_removal_allowed || exit 1\n  agent_stop\n  agent_disable\nfi");
        assertThat(section(text, "posttrans")).contains("agent_start\nexit 0");
        // rpmbuild expands % everywhere: unescaped, ${line%%=*} (longest match) would arrive as ${line%=*}
        assertThat(text).as("the shell code reaches rpm as written").contains("date -u +%Y-%m-%dT%H:%M:%SZ")
                .contains("\"${line%%=*}\"");

        Commands.Result provides = Commands.run("rpm", "-qp", "--provides", rpm.toString());
        assertThat(provides.output().strip().lines()).as("the bundled runtime provides nothing to other packages")
                .allMatch(line -> line.startsWith("mamori-agent"));
        Commands.Result requires = Commands.run("rpm", "-qp", "--requires", rpm.toString());
        assertThat(requires.output()).doesNotContain(".so").contains("systemd");
    }

    @Test
    void installedIntoAThrowAwayRootItEnrollsUpgradesAndIsErasedOnlyWithTheUninstallToken() throws Exception {
        Root.required("rpm --root needs chroot and mounts");
        assertThat(Path.of("/usr/bin/unshare")).as("util-linux's unshare").isExecutable();
        long started = System.nanoTime();
        Path rpm = build();
        try (RpmRoot root = RpmRoot.create();
                ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            String uninstallToken = "rpm-it-holds-this-" + System.nanoTime();
            Path conf = root.file("/etc/mamori/agent-install.conf");
            Files.createDirectories(conf.getParent());
            Files.writeString(conf, "# written by RpmPackageIT\nconsole-url = " + console.client().baseUrl() + "/\n"
                    + "enroll-token = " + console.enrollmentToken("default", 1, 1) + "\n"
                    + "console-fingerprint = " + console.tls().fingerprint() + "\n"
                    + "uninstall-token-sha256 = " + sha256(uninstallToken) + "\n");
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));

            Commands.Result install = root.rpm(Map.of(), "-i", "--nodeps", rpm.toString());
            assertThat(install.code()).as(install.output()).isZero();
            assertThat(install.output()).contains("enrolled with").contains("removal now needs the uninstall token")
                    .contains("systemd is not running").doesNotContain("scriptlet failed");
            Path state = root.file("/var/lib/mamori/agent");
            assertThat(mode(state)).isEqualTo("rwx------");
            assertThat(mode(state.resolve("identity.json"))).isEqualTo("rw-------");
            assertThat(conf).as("the install config, token and all, is gone after use").doesNotExist();
            assertThat(root.file(PREFIX + "/runtime/bin/java")).isExecutable();
            assertThat(Files.readString(root.file(PREFIX + "/policy/default.json")))
                    .isEqualTo(Files.readString(REPOSITORY.resolve("console/src/main/resources/policies/default.json")));
            String unit = Files.readString(root.file("/usr/lib/systemd/system/mamori-agent.service"));
            assertThat(unit).contains("ExecStart=" + PREFIX + "/runtime/bin/java ").contains("--state-dir /var/lib/mamori/agent");
            assertThat(root.file("/usr/bin/mamori-agent")).isSymbolicLink();
            Commands.Result status = root.chrooted(Map.of("MAMORI_LANG", "en"), "/usr/bin/mamori-agent", "status");
            assertThat(status.code()).as(status.output()).isZero();
            String identity = Files.readString(state.resolve("identity.json"));

            // upgrade in place (the same package again: rpm runs %post with 2, the old %preun/%postun with 1)
            Commands.Result upgrade = root.rpm(Map.of(), "-U", "--replacepkgs", "--nodeps", rpm.toString());
            assertThat(upgrade.code()).as(upgrade.output()).isZero();
            assertThat(upgrade.output()).contains("already enrolled").doesNotContain("REFUSED").doesNotContain("scriptlet failed");
            assertThat(Files.readString(state.resolve("identity.json"))).isEqualTo(identity);
            assertThat(installed(root)).isTrue();

            // erase: refused without the token, refused with a wrong one — rpm keeps package and files
            Commands.Result refused = root.rpm(Map.of(), "-e", "mamori-agent");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.output()).contains("REMOVAL REFUSED").contains("erase failed");
            assertThat(installed(root)).isTrue();
            assertThat(root.file(PREFIX + "/mamori-agent.jar")).isRegularFile();
            Commands.Result wrong = root.rpm(Map.of("MAMORI_UNINSTALL_TOKEN", "not-the-token"), "-e", "mamori-agent");
            assertThat(wrong.code()).isNotZero();
            assertThat(wrong.output()).contains("does not match").doesNotContain("not-the-token");
            assertThat(installed(root)).isTrue();
            try (var refusals = Files.list(state.resolve("removal-refused"))) {
                assertThat(refusals.count()).as("each refusal left for the running agent to report").isEqualTo(2);
            }

            // … and done with the right one, from the file; the state stays for a reinstall
            Files.writeString(root.file("/etc/mamori/uninstall-token"), uninstallToken + "\n");
            Commands.Result erased = root.rpm(Map.of(), "-e", "mamori-agent");
            assertThat(erased.code()).as(erased.output()).isZero();
            assertThat(erased.output()).contains("the uninstall token matches");
            assertThat(installed(root)).isFalse();
            assertThat(root.file(PREFIX + "/mamori-agent.jar")).doesNotExist();
            assertThat(root.file("/usr/lib/systemd/system/mamori-agent.service")).doesNotExist();
            assertThat(state.resolve("identity.json")).as("erase keeps the state").exists();
            assertThat(root.file("/etc/mamori/uninstall-token")).as("the token is not left lying about").doesNotExist();
            assertThat(Files.readString(root.file("/var/log/mamori/agent-install.log")))
                    .contains("enrolled with").contains("REMOVAL REFUSED").contains("the uninstall token matches");
        }
        System.out.printf("RpmPackageIT: build, install, upgrade and erase in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @Test
    void theConsolesRpmAddsItsUserKeepsItsDataOnEraseAndRunsNothingAsRoot() throws Exception {
        Root.required("rpm --root needs chroot and mounts");
        Path rpm = build("console");
        Commands.Result files = Commands.run("rpm", "-qp", "--qf",
                "[%{FILEUSERNAME}:%{FILEGROUPNAME} %{FILEMODES:perms} %{FILENAMES}\\n]", rpm.toString());
        assertThat(files.code()).as(files.output()).isZero();
        assertThat(files.output()).contains("/opt/mamori/console/runtime/bin/java", "/opt/mamori/console/mamori-console.jar",
                "/usr/lib/systemd/system/mamori-console.service", "/usr/bin/mamori-console");
        assertThat(files.output().lines())
                .contains("root:mamori-console -rw-r----- /etc/mamori/console.yml", "root:mamori-console -rw-r----- /etc/mamori/console.env")
                .as("nothing else is the console user's: it cannot change its own program").filteredOn(line -> !line.contains("/etc/mamori/console."))
                .allMatch(line -> line.startsWith("root:root "));
        Commands.Result config = Commands.run("rpm", "-qp", "--configfiles", rpm.toString());
        assertThat(config.output().lines()).containsExactlyInAnyOrder("/etc/mamori/console.env", "/etc/mamori/console.yml");
        Commands.Result scripts = Commands.run("rpm", "-qp", "--scripts", rpm.toString());
        assertThat(section(scripts.output(), "preinstall")).contains("console_add_user\nexit 0");
        assertThat(section(scripts.output(), "preuninstall")).contains("if [ \"$1\" -eq 0 ]; then\n  console_stop");
        assertThat(section(scripts.output(), "posttrans")).contains("console_start\nexit 0");

        try (RpmRoot root = RpmRoot.create()) {
            Commands.Result install = root.rpm(Map.of(), "-i", "--nodeps", rpm.toString());
            assertThat(install.code()).as(install.output()).isZero();
            assertThat(install.output()).contains("created the system user mamori-console").doesNotContain("scriptlet failed")
                    .doesNotContain("does not exist");
            assertThat(Files.readString(root.file("/etc/passwd"))).containsPattern("(?m)^mamori-console:x:\\d+:\\d+:[^:]*:/var/lib/mamori/console:/usr/sbin/nologin$");
            Path data = root.file("/var/lib/mamori/console");
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(root.file("/etc/mamori/console.yml"))).isEqualTo("rw-r-----");
            Commands.Result owners = root.chrooted(Map.of(), "stat", "-c", "%U:%G", "/var/lib/mamori/console", "/etc/mamori/console.yml");
            assertThat(owners.output().lines()).containsExactly("mamori-console:mamori-console", "root:mamori-console");
            Commands.Result erased = root.rpm(Map.of(), "-e", "mamori-console");
            assertThat(erased.code()).as(erased.output()).isZero();
            assertThat(root.file("/opt/mamori/console")).doesNotExist();
            assertThat(data).as("erase keeps the data directory (no purge in rpm: docs/deploy.md)").isDirectory();
        }
    }

    private static String section(String scripts, String name) {
        int start = scripts.indexOf(name + " scriptlet");
        assertThat(start).as("%s scriptlet", name).isNotNegative();
        int end = scripts.indexOf(" scriptlet (using", start + name.length() + 12);
        return end < 0 ? scripts.substring(start) : scripts.substring(start, scripts.lastIndexOf('\n', end));
    }

    private static boolean installed(RpmRoot root) throws Exception {
        return root.rpm(Map.of(), "-q", "mamori-agent").code() == 0;
    }

    private static final Map<String, Path> BUILT = new HashMap<>();

    private static Path build() throws Exception {
        return build("agent");
    }

    private static synchronized Path build(String component) throws Exception {
        if (BUILT.containsKey(component)) {
            return BUILT.get(component);
        }
        assertThat(REPOSITORY.resolve(component + "/target/mamori-" + component + ".jar"))
                .as("the %s module is packaged (this test runs in failsafe, after package)", component).isRegularFile();
        assertThat(Path.of("/usr/bin/rpmbuild")).as("rpmbuild (the rpm package, .ci/test-packages)").isExecutable();
        // gzip at its fastest: the jars hardly compress, and xz takes most of a minute over them
        Commands.Result build = Commands.run(List.of("bash", REPOSITORY.resolve("installer/linux/build-rpm.sh").toString(), component),
                Map.of("MAMORI_RPM_COMPRESSION", "w1.gzdio"));
        assertThat(build.code()).as(build.output()).isZero();
        System.out.print(build.output());
        try (var found = Files.list(REPOSITORY.resolve("target/packages"))) {
            Path rpm = found.filter(p -> p.getFileName().toString().matches("mamori-" + component + "-.*\\.x86_64\\.rpm"))
                    .findFirst().orElseThrow();
            BUILT.put(component, rpm);
            return rpm;
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

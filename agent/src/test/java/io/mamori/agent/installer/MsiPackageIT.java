package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's MSI (installer/windows, docs/deploy.md "Windows") built by build-msi.sh and installed,
 * upgraded and removed with Wine's msiexec in a fresh Wine prefix, against a console this test
 * starts: the public properties, the enrollment and uninstall-token custom actions, the service's
 * registry entry, the session helper's Run value, the upgrade that keeps the state, the removal
 * refused without the uninstall token and done with it.
 *
 * <p><b>The runtime is a stand-in.</b> No Windows JDK is reachable here, so the MSI is built with
 * MAMORI_WINDOWS_RUNTIME pointing at a folder this test makes: its {@code bin\java.exe} and
 * {@code bin\javaw.exe} are a small Windows program (standin-java.c, compiled with MinGW) that runs
 * {@code bin\standin-java.exe}, a shell script that turns the Windows paths of its arguments into
 * Unix paths ({@code winepath -u}) and runs THIS machine's JDK. So the MSI's real custom-action
 * command lines run the real agent command line (Linux Java, on the prefix's drive_c). The Windows
 * program is needed because Wine starts a Unix program without waiting for it and reports exit
 * code 0; it waits for the script's exit code and passes it and the output on. As the service
 * ({@code service} in its command line) it is a do-nothing service that reports RUNNING: a Linux
 * JVM cannot be a Windows service. So this test checks the package, the service's registration and
 * the install logic — not the agent running as a Windows service, nor a real Windows runtime, nor
 * Windows Installer itself (Wine's msiexec does no ICE validation; docs/deploy.md lists what still
 * needs a Windows machine).
 */
class MsiPackageIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final String WINDOWS_PREFIX = "C:\\Program Files\\Mamori\\agent\\";
    private static final String RUN_KEY = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    private static final String SERVICE_KEY = "HKLM\\System\\CurrentControlSet\\Services\\MamoriAgent";

    @TempDir
    Path temp;

    private Path wineprefix;
    private Path installed;
    private Path state;

    @BeforeEach
    void tools() {
        for (String tool : List.of("wine", "wixl", "msiinfo", "msibuild", "x86_64-w64-mingw32-gcc", "osslsigncode", "openssl")) {
            boolean present = Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if ("true".equals(System.getenv("CI"))) {
                assertThat(present).as("%s is installed (.ci/test-packages)", tool).isTrue();
            }
            assumeTrue(present, tool + " is installed (.ci/test-packages)");
        }
        wineprefix = temp.resolve("wine");
        installed = wineprefix.resolve("drive_c/Program Files/Mamori/agent");
        state = wineprefix.resolve("drive_c/ProgramData/Mamori/agent");
    }

    @Test
    void installsEnrollsUpgradesAndIsRemovedOnlyWithTheUninstallToken() throws Exception {
        long started = System.nanoTime();
        Path runtime = standInRuntime();
        Msi first = build(runtime, "0.9.1", Map.of());
        Msi second = build(runtime, "0.9.2", signing());
        wineboot();
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            String enrollToken = console.enrollmentToken("default", 1, 1);
            String uninstallToken = "it-holds-this-" + System.nanoTime();
            String url = console.client().baseUrl() + "/";

            // install: silent, with the properties an administrator passes (the uninstall token's hash comes with
            // the upgrade below: Wine's RemoveExistingProducts does not set UPGRADINGPRODUCTCODE, so under Wine the
            // older product's removal would ask for the token, which Windows Installer never makes it do)
            MsiRun install = msiexec("/i", first, "install.log", "CONSOLEURL=" + url, "ENROLLTOKEN=" + enrollToken,
                    "CONSOLEFINGERPRINT=" + console.tls().fingerprint());
            String installLog = install.log();
            assertThat(install.code).as("msiexec /i exit code; agent-install.log: %s%nmsiexec log: %s", agentInstallLog(), tail(installLog))
                    .isZero();
            assertThat(installed.resolve("runtime/bin/java.exe")).isRegularFile();
            assertThat(installed.resolve("mamori-agent.jar")).hasSameBinaryContentAs(REPOSITORY.resolve("agent/target/mamori-agent.jar"));
            assertThat(count(installed.resolve("agent-lib"))).isEqualTo(count(REPOSITORY.resolve("agent/target/agent-lib")));
            assertThat(count(installed.resolve("lib"))).isEqualTo(count(REPOSITORY.resolve("agent/target/lib")));
            assertThat(installed.resolve("policy/default.json"))
                    .hasSameTextualContentAs(REPOSITORY.resolve("console/src/main/resources/policies/default.json"));
            assertTokenOnlyInWinesPropertyDump(installLog, enrollToken);
            assertThat(msiTable(first, "Property")).as("Windows Installer keeps these out of its log")
                    .contains("MsiHiddenProperties\tENROLLTOKEN;UNINSTALLTOKEN");

            // the service: LocalSystem, automatic, the agent's service command line; started (by the stand-in)
            Run service = wine("reg", "query", SERVICE_KEY);
            assertThat(service.code).as(service.output).isZero();
            assertThat(service.output).contains("ObjectName    REG_SZ    LocalSystem").contains("Start    REG_DWORD    0x2")
                    .contains("ImagePath    REG_SZ    " + WINDOWS_PREFIX + "runtime\\bin\\java.exe -Xrs -Xms8m")
                    .contains("\"-Dmamori.worker.class-path=" + WINDOWS_PREFIX + "mamori-agent.jar;" + WINDOWS_PREFIX + "lib\\*\"")
                    .contains("-cp \"" + WINDOWS_PREFIX + "mamori-agent.jar;" + WINDOWS_PREFIX + "agent-lib\\*\" io.mamori.agent.cli.AgentCommand"
                            + " service --state-dir \"C:\\ProgramData\\Mamori\\agent\" --shipped-policy \"" + WINDOWS_PREFIX + "policy\\default.json\"");
            assertThat(wine("sc", "query", "MamoriAgent").output).contains("RUNNING");
            // the session helper at log-on: the value HelperAutostart.commandLine writes, so the agent keeps it
            Run helper = wine("reg", "query", RUN_KEY, "/v", "MamoriSessionHelper");
            assertThat(helper.output).contains("\"" + WINDOWS_PREFIX + "runtime\\bin\\javaw.exe\" -Xmx64m -XX:+UseSerialGC"
                    + " -XX:TieredStopAtLevel=1 -cp \"" + WINDOWS_PREFIX + "mamori-agent.jar;" + WINDOWS_PREFIX + "agent-lib\\*\""
                    + " io.mamori.agent.cli.AgentCommand session-helper");

            // enrolled at install, as LocalSystem, into %ProgramData%\Mamori\agent; the uninstall token's hash kept there
            assertThat(state.resolve("identity.json")).as("enrolled at install; agent-install.log: %s", agentInstallLog()).isRegularFile();
            String identity = Files.readString(state.resolve("identity.json"));
            assertThat(identity).contains(console.client().baseUrl());
            assertThat(installed(first)).isTrue();

            // upgrade: a newer (signed) build over it, now with the uninstall token's hash; the older product goes, the state stays
            MsiRun upgrade = msiexec("/i", second, "upgrade.log", "UNINSTALLTOKENSHA256=" + sha256(uninstallToken));
            assertThat(upgrade.code).as("upgrade; agent-install.log: %s%n%s", agentInstallLog(), tail(upgrade.log())).isZero();
            assertThat(installed(first)).as("the older product is removed by the upgrade").isFalse();
            assertThat(installed(second)).isTrue();
            assertThat(wine("reg", "query", uninstallKey(second), "/v", "DisplayVersion").output).contains("0.9.2");
            assertThat(installed.resolve("mamori-agent.jar")).isRegularFile();
            assertThat(Files.readString(state.resolve("identity.json"))).isEqualTo(identity);
            assertThat(state.resolve("uninstall-token.sha256")).content().contains(sha256(uninstallToken));

            // removal without the token: refused, everything still installed and the service still there
            Run refused = msiexec("/x", second, "refused.log");
            assertThat(refused.code).as("msiexec /x without UNINSTALLTOKEN must fail").isNotZero();
            assertThat(installed(second)).isTrue();
            assertThat(installed.resolve("mamori-agent.jar")).isRegularFile();
            assertThat(wine("reg", "query", SERVICE_KEY).code).isZero();
            assertThat(wine("reg", "query", RUN_KEY, "/v", "MamoriSessionHelper").code).isZero();
            Run wrong = msiexec("/x", second, "wrong.log", "UNINSTALLTOKEN=not-the-token");
            assertThat(wrong.code).isNotZero();
            assertThat(installed(second)).isTrue();

            // removal with the token: files, service and Run value gone; the state stays for a reinstall
            MsiRun removed = msiexec("/x", second, "removed.log", "UNINSTALLTOKEN=" + uninstallToken);
            assertThat(removed.code).as("agent-install.log: %s%n%s", agentInstallLog(), tail(removed.log())).isZero();
            assertTokenOnlyInWinesPropertyDump(removed.log(), uninstallToken);
            assertThat(installed(second)).isFalse();
            assertThat(installed.resolve("mamori-agent.jar")).doesNotExist();
            assertThat(wine("reg", "query", SERVICE_KEY).code).isNotZero();
            assertThat(wine("reg", "query", RUN_KEY, "/v", "MamoriSessionHelper").code).isNotZero();
            assertThat(state.resolve("identity.json")).as("uninstall keeps %ProgramData%\\Mamori\\agent").exists();
            System.out.printf("MsiPackageIT: build x2, install, upgrade, refused and done removal in %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    @Test
    void anUnreachableConsoleLeavesTheAgentInstalledAndTheInstallLogSaysWhy() throws Exception {
        Msi msi = build(standInRuntime(), "0.9.1", Map.of());
        wineboot();
        // nothing listens on port 9; no uninstall token is configured
        MsiRun install = msiexec("/i", msi, "install.log", "CONSOLEURL=https://127.0.0.1:9/", "ENROLLTOKEN=some-token",
                "CONSOLEFINGERPRINT=" + "ab".repeat(32));
        assertThat(install.code).as("a failed enrollment never fails the install; %s", tail(install.log())).isZero();
        assertThat(installed(msi)).isTrue();
        assertTokenOnlyInWinesPropertyDump(install.log(), "some-token");
        assertThat(state.resolve("identity.json")).doesNotExist();
        assertThat(agentInstallLog()).as("what the agent said at install").contains("https://127.0.0.1:9/");
        assertThat(agentInstallLog()).doesNotContain("some-token");
        // without an uninstall token's hash, removal is allowed without a token
        MsiRun removed = msiexec("/x", msi, "removed.log");
        assertThat(removed.code).as("agent-install.log: %s", agentInstallLog()).isZero();
        assertThat(installed(msi)).isFalse();
    }

    @Test
    void signsThePackageWithTheGivenCertificate() throws Exception {
        Map<String, String> signing = signing();
        Msi msi = build(standInRuntime(), "0.9.1", signing);
        Run verify = run(List.of("osslsigncode", "verify", "-in", msi.file.toString(), "-CAfile", signing.get("CERT")), Map.of());
        assertThat(verify.code).as(verify.output).isZero();
        assertThat(verify.output).contains("Signature verification: ok").contains("CN=Mamori test signing");
        Run unsigned = run(List.of("osslsigncode", "verify", "-in", build(standInRuntime(), "0.9.1", Map.of()).file.toString()), Map.of());
        assertThat(unsigned.code).isNotZero();
    }

    @AfterEach
    void stopWine() throws Exception {
        if (wineprefix != null && Files.isDirectory(wineprefix)) {
            run(List.of("wineserver", "-k"), wineEnvironment());
        }
    }

    // --- building ------------------------------------------------------------------------------

    private record Msi(Path file, String productCode) {
    }

    /** The stand-in runtime the class comment describes: bin\java.exe and bin\javaw.exe (Windows) and the script they run. */
    private Path standInRuntime() throws Exception {
        Path runtime = temp.resolve("standin-runtime");
        Path bin = runtime.resolve("bin");
        if (Files.exists(bin.resolve("java.exe"))) {
            return runtime;
        }
        Files.createDirectories(bin);
        Path source = temp.resolve("standin-java.c");
        copyResource("standin-java.c", source);
        Run compile = run(List.of("x86_64-w64-mingw32-gcc", "-municode", "-O2", "-s", "-o", bin.resolve("java.exe").toString(),
                source.toString()), Map.of());
        assertThat(compile.code).as(compile.output).isZero();
        Files.copy(bin.resolve("java.exe"), bin.resolve("javaw.exe"));
        Path script = temp.resolve("standin-java.sh");
        copyResource("standin-java.sh", script);
        Files.writeString(bin.resolve("standin-java.exe"), Files.readString(script)
                .replace("@JAVA@", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .replace("@WINEPREFIX@", wineprefix.toString()));
        for (Path file : List.of(bin.resolve("java.exe"), bin.resolve("javaw.exe"), bin.resolve("standin-java.exe"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return runtime;
    }

    private Msi build(Path runtime, String version, Map<String, String> extra) throws Exception {
        assertThat(REPOSITORY.resolve("agent/target/mamori-agent.jar")).as("the agent module is packaged (failsafe runs after package)")
                .isRegularFile();
        Path out = temp.resolve("packages-" + version + (extra.isEmpty() ? "" : "-signed"));
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("MAMORI_WINDOWS_RUNTIME", runtime.toString());
        environment.put("MAMORI_MSI_VERSION", version);
        environment.put("MAMORI_PACKAGES_DIR", out.toString());
        environment.remove("CERT");
        Run build = run(List.of("bash", REPOSITORY.resolve("installer/windows/build-msi.sh").toString()), environment);
        assertThat(build.code).as(build.output).isZero();
        System.out.print(build.output);
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(out.resolve("mamori-agent.msi.properties"))) {
            properties.load(reader);
        }
        Path file = out.resolve("mamori-agent-" + version + "-x64.msi");
        assertThat(file).isRegularFile();
        return new Msi(file, properties.getProperty("product_code"));
    }

    /** A throw-away self-signed code-signing certificate in a password-protected PKCS#12 file. */
    private Map<String, String> signing() throws Exception {
        Path key = temp.resolve("sign.key");
        Path cert = temp.resolve("sign.pem");
        Path pfx = temp.resolve("sign.pfx");
        Path password = temp.resolve("sign.password");
        if (!Files.exists(pfx)) {
            Files.writeString(password, "it-" + System.nanoTime() + "\n");
            Run request = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                    cert.toString(), "-days", "2", "-subj", "/CN=Mamori test signing", "-addext", "extendedKeyUsage=codeSigning"), Map.of());
            assertThat(request.code).as(request.output).isZero();
            Run export = run(List.of("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out",
                    pfx.toString(), "-passout", "file:" + password), Map.of());
            assertThat(export.code).as(export.output).isZero();
        }
        return Map.of("MAMORI_SIGN_PFX", pfx.toString(), "MAMORI_SIGN_PASSWORD_FILE", password.toString(), "CERT", cert.toString());
    }

    // --- Wine ----------------------------------------------------------------------------------

    private Map<String, String> wineEnvironment() {
        return Map.of("WINEPREFIX", wineprefix.toString(), "WINEDEBUG", "-all", "WINEDLLOVERRIDES", "mscoree,mshtml=");
    }

    private void wineboot() throws Exception {
        Run boot = run(List.of("wineboot", "-i"), wineEnvironment());
        assertThat(boot.code).as(boot.output).isZero();
        run(List.of("wineserver", "-w"), wineEnvironment());
    }

    private Run wine(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("wine"));
        command.addAll(List.of(arguments));
        return run(command, wineEnvironment());
    }

    private final class MsiRun extends Run {
        private final Path log;

        MsiRun(Run run, Path log) {
            super(run.code, run.output);
            this.log = log;
        }

        String log() throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no msiexec log)";
        }
    }

    /** msiexec /i PACKAGE or /x PRODUCTCODE, silent, with a verbose log in the temp folder. */
    private MsiRun msiexec(String action, Msi msi, String logName, String... properties) throws Exception {
        Path log = temp.resolve(logName);
        List<String> command = new ArrayList<>(List.of("wine", "msiexec", action,
                action.equals("/i") ? windowsPath(msi.file) : msi.productCode, "/qn", "/l*v", windowsPath(log)));
        command.addAll(List.of(properties));
        Run run = run(command, wineEnvironment());
        run(List.of("wineserver", "-w"), wineEnvironment());
        return new MsiRun(run, log);
    }

    /**
     * Wine's msiexec writes every property into its verbose log and ignores MsiHiddenProperties
     * (Windows Installer honours it: the package sets it, checked apart). So in a Wine log a token
     * may appear in that dump, as "Property(S): NAME = value", and nowhere else — not in a custom
     * action's command line, not in anything the agent said.
     */
    private static void assertTokenOnlyInWinesPropertyDump(String log, String token) {
        List<String> lines = log.lines().filter(line -> line.contains(token)).toList();
        assertThat(lines).as("lines of the msiexec log with the token").allMatch(line -> line.matches("Property\\([CS]\\): [A-Z]+TOKEN = .*"));
    }

    private static String msiTable(Msi msi, String table) throws Exception {
        Run export = run(List.of("msiinfo", "export", msi.file.toString(), table), Map.of());
        assertThat(export.code).as(export.output).isZero();
        return export.output.replace("\r", "");
    }

    private boolean installed(Msi msi) throws Exception {
        return wine("reg", "query", uninstallKey(msi)).code == 0;
    }

    private static String uninstallKey(Msi msi) {
        return "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\" + msi.productCode;
    }

    private String agentInstallLog() throws IOException {
        Path log = wineprefix.resolve("drive_c/ProgramData/Mamori/agent-install.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no agent-install.log)";
    }

    private static String windowsPath(Path path) {
        return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
    }

    // --- helpers -------------------------------------------------------------------------------

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (var in = MsiPackageIT.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            Files.copy(in, target);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static class Run {
        final int code;
        final String output;

        Run(int code, String output) {
            this.code = code;
            this.output = output;
        }
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}

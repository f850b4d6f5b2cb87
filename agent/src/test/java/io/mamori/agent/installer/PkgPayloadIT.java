package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import io.mamori.agent.testing.Root;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The macOS package's parts, built here by installer/macos/build-pkg.sh (Linux: no Bom writer, so the
 * parts and not the .pkg; docs/deploy.md) from the packaged agent module — a failsafe test — with a
 * <b>stand-in runtime</b>: a folder shaped like a macOS runtime image whose {@code bin/java} is a
 * shell script recording the agent command it is given (no macOS JDK is to be had here). What is
 * checked is what can be checked off a Mac: the Payload and Scripts archives (format, owners, modes),
 * the launchd plists read with dd-plist and every path they name present in the payload,
 * PackageInfo and Distribution, and the Installer scripts run against a fake root (Installer's third
 * argument, the target volume): enrollment from the install config and from the configuration
 * profile's domain, the uninstall token's hash, and the uninstaller refusing without the token.
 * The profile is read through a stand-in for macOS's {@code plutil -extract KEY raw}. Nothing here
 * has run on a Mac; launchctl is never reached (the scripts only call it for the running system).
 */
class PkgPayloadIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final String PREFIX = "/Library/Application Support/Mamori";
    private static final String DAEMON = "/Library/LaunchDaemons/jp.mamori.agent.plist";
    private static final String HELPER = "/Library/LaunchAgents/jp.mamori.session-helper.plist";
    private static final Pattern LISTING = Pattern.compile(
            "^([-dl][-rwxsStT]{9})\\s+\\d+\\s+(\\S+)\\s+(\\S+)\\s+\\d+\\s+\\w{3}\\s+\\d+\\s+[\\d:]+\\s+(.*)$");

    private static Path work;
    private static Path parts;
    private static String buildOutput;

    @BeforeAll
    static void buildTheParts() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "the parts' build off a Mac is tried on Linux");
        boolean bsdtar = Files.isExecutable(Path.of("/usr/bin/bsdtar"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(bsdtar).as("CI installs libarchive-tools (.ci/test-packages)").isTrue();
        }
        assumeTrue(bsdtar, "bsdtar (libarchive-tools, .ci/test-packages)");
        assertThat(REPOSITORY.resolve("agent/target/mamori-agent.jar"))
                .as("the agent module is packaged (this test runs in failsafe, after package)").isRegularFile();
        work = Files.createTempDirectory("pkg-it");
        Path runtime = standInRuntime(work.resolve("stand-in-runtime"));
        Run build = run(List.of("bash", REPOSITORY.resolve("installer/macos/build-pkg.sh").toString()),
                Map.of("MAMORI_MACOS_RUNTIME", runtime.toString(), "MAMORI_PACKAGES_DIR", work.resolve("packages").toString(),
                        "SOURCE_DATE_EPOCH", "1796601600"), null);
        assertThat(build.code).as(build.output).isZero();
        buildOutput = build.output;
        System.out.print(buildOutput);
        parts = work.resolve("packages/pkg-parts");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void withoutAMacRuntimeTheBuildIsSkippedWithExit3AndALinuxRuntimeIsRefusedButAnUnnamedMachORuntimeIsTaken() throws Exception {
        Run skipped = run(List.of("bash", REPOSITORY.resolve("installer/macos/build-pkg.sh").toString()),
                Map.of("MAMORI_PACKAGES_DIR", work.resolve("skipped").toString()), null);
        assertThat(skipped.code).as(skipped.output).isEqualTo(3);
        assertThat(skipped.output).contains("skipped").contains("MAMORI_MACOS_JDK").contains("MAMORI_MACOS_RUNTIME");
        Run linux = run(List.of("bash", REPOSITORY.resolve("installer/macos/build-pkg.sh").toString()),
                Map.of("MAMORI_MACOS_RUNTIME", System.getProperty("java.home"), "MAMORI_PACKAGES_DIR", work.resolve("linux").toString()),
                null);
        assertThat(linux.code).as(linux.output).isEqualTo(2);
        assertThat(linux.output).contains("not for macOS");
        // jlink writes no OS_NAME into a runtime's release file unless told: then bin/java's Mach-O header names the platform
        Path unnamed = standInRuntime(work.resolve("unnamed-runtime"));
        Files.writeString(unnamed.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nMODULES=\"java.base\"\n");
        Files.write(unnamed.resolve("bin/java"), new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 0x07, 0, 0, 0x01, 0, 0});
        Run macho = run(List.of("bash", REPOSITORY.resolve("installer/macos/build-pkg.sh").toString()),
                Map.of("MAMORI_MACOS_RUNTIME", unnamed.toString(), "MAMORI_PACKAGES_DIR", work.resolve("macho").toString()), null);
        assertThat(macho.code).as(macho.output).isZero();
        assertThat(Files.readString(work.resolve("macho/pkg-parts/Distribution"))).contains("hostArchitectures=\"x86_64\"");
        assertThat(buildOutput).contains("the .pkg itself is built on a Mac only");
        assertThat(parts.resolve("mamori-agent.pkg/Bom")).as("no Bom writer here: no Bom, no .pkg").doesNotExist();
    }

    @Test
    void thePayloadIsAGzippedOdcCpioOfRootAdminEntriesWithTheModesLaunchdAccepts() throws Exception {
        Path payload = parts.resolve("mamori-agent.pkg/Payload");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(payload))) {
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).as("odc cpio magic").isEqualTo("070707");
        }
        Map<String, String[]> entries = listing(payload);
        assertThat(entries).containsKeys(".", "./Library", "./Library/Application Support", "." + PREFIX + "/runtime/bin/java",
                "." + PREFIX + "/mamori-agent.jar", "." + PREFIX + "/jvm.options", "." + PREFIX + "/policy/default.json",
                "." + PREFIX + "/bin/mamori-agent", "." + PREFIX + "/bin/uninstall", "." + PREFIX + "/lib", "." + PREFIX + "/agent-lib",
                "." + DAEMON, "." + HELPER);
        assertThat(entries).as("the state folder is never in the package: upgrades keep it").doesNotContainKey("." + PREFIX + "/agent");
        entries.forEach((path, entry) -> {
            assertThat(entry[1]).as("owner of " + path).isEqualTo("0");
            assertThat(entry[2]).as("group of " + path + " (80, admin)").isEqualTo("80");
            assertThat(entry[0].substring(5, 6)).as("group write of " + path).isEqualTo("-");
            assertThat(entry[0].substring(8, 9)).as("others' write of " + path).isEqualTo("-");
        });
        for (String program : List.of("/runtime/bin/java", "/runtime/lib/jspawnhelper", "/bin/mamori-agent", "/bin/uninstall")) {
            assertThat(entries.get("." + PREFIX + program)[0]).as(program).isEqualTo("-rwxr-xr-x");
        }
        for (String file : List.of(PREFIX + "/mamori-agent.jar", PREFIX + "/policy/default.json", PREFIX + "/runtime/lib/libjava.dylib", DAEMON,
                HELPER)) {
            assertThat(entries.get("." + file)[0]).as(file).isEqualTo("-rw-r--r--");
        }
        assertThat(entries.get("." + PREFIX)[0]).isEqualTo("drwxr-xr-x");
        assertThat(Files.readString(parts.resolve("root" + PREFIX + "/policy/default.json")))
                .isEqualTo(Files.readString(REPOSITORY.resolve("console/src/main/resources/policies/default.json")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLaunchdPlistsParseAndEveryPathTheirProgramArgumentsNameIsInThePayload() throws Exception {
        Path root = extractedPayload();
        Map<String, Object> daemon = plist(root.resolve(DAEMON.substring(1)));
        assertThat(daemon).containsEntry("Label", "jp.mamori.agent").containsEntry("RunAtLoad", true).containsEntry("KeepAlive", true)
                .containsEntry("UserName", "root");
        List<String> daemonArguments = (List<String>) daemon.get("ProgramArguments");
        assertThat(daemonArguments).containsSubsequence("io.mamori.agent.cli.AgentCommand", "run", "--state-dir", PREFIX + "/agent",
                "--shipped-policy", PREFIX + "/policy/default.json");
        Map<String, Object> helper = plist(root.resolve(HELPER.substring(1)));
        assertThat(helper).containsEntry("Label", "jp.mamori.session-helper").containsEntry("LimitLoadToSessionType", "Aqua")
                .containsEntry("RunAtLoad", true).containsKey("KeepAlive");
        List<String> helperArguments = (List<String>) helper.get("ProgramArguments");
        assertThat(helperArguments).contains("session-helper");

        for (List<String> arguments : List.of(daemonArguments, helperArguments)) {
            List<String> checked = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                String previous = i == 0 ? "" : arguments.get(i - 1);
                if (previous.equals("--state-dir") || previous.equals("--socket-dir")) {
                    continue; // made at install (enroll) and by the daemon at run time
                }
                for (String path : paths(arguments.get(i))) {
                    Path inPayload = root.resolve(path.substring(1));
                    if (path.endsWith("/*")) {
                        try (Stream<Path> jars = Files.list(inPayload.getParent())) {
                            assertThat(jars.filter(jar -> jar.toString().endsWith(".jar"))).as(path).isNotEmpty();
                        }
                    } else {
                        assertThat(inPayload).as(path + " (" + arguments.get(i) + ")").exists();
                    }
                    checked.add(path);
                }
            }
            assertThat(checked).as("the paths checked").contains(PREFIX + "/runtime/bin/java", PREFIX + "/mamori-agent.jar");
        }
        assertThat(paths(daemonArguments.get(1))).containsExactly(PREFIX + "/jvm.options");
    }

    @Test
    void theScriptsAreExecutableAndParseAsShellScripts() throws Exception {
        Map<String, String[]> scripts = listing(parts.resolve("mamori-agent.pkg/Scripts"));
        assertThat(scripts).containsKeys("./preinstall", "./postinstall");
        assertThat(scripts.get("./preinstall")[0]).isEqualTo("-rwxr-xr-x");
        assertThat(scripts.get("./postinstall")[0]).isEqualTo("-rwxr-xr-x");
        Path extracted = Files.createTempDirectory(work, "scripts");
        assertThat(run(List.of("bsdtar", "-xpf", parts.resolve("mamori-agent.pkg/Scripts").toString(), "-C", extracted.toString()), Map.of(),
                null).code).isZero();
        for (Path script : List.of(extracted.resolve("preinstall"), extracted.resolve("postinstall"),
                parts.resolve("root" + PREFIX + "/bin/uninstall"), parts.resolve("root" + PREFIX + "/bin/mamori-agent"))) {
            assertThat(script).isExecutable();
            assertThat(Files.readString(script)).startsWith("#!/bin/sh\n");
            Run syntax = run(List.of("sh", "-n", script.toString()), Map.of(), null);
            assertThat(syntax.code).as(script + ": " + syntax.output).isZero();
        }
    }

    @Test
    void packageInfoAndDistributionNameTheAgentItsVersionAndTheRuntimesArchitecture() throws Exception {
        String version = projectVersion();
        Element info = xml(parts.resolve("mamori-agent.pkg/PackageInfo")).getDocumentElement();
        assertThat(info.getTagName()).isEqualTo("pkg-info");
        assertThat(info.getAttribute("identifier")).isEqualTo("jp.mamori.agent");
        assertThat(info.getAttribute("version")).isEqualTo(version);
        assertThat(info.getAttribute("install-location")).isEqualTo("/");
        assertThat(info.getAttribute("auth")).isEqualTo("root");
        Element payload = (Element) info.getElementsByTagName("payload").item(0);
        assertThat(Integer.parseInt(payload.getAttribute("numberOfFiles"))).isEqualTo(listing(parts.resolve("mamori-agent.pkg/Payload")).size());
        assertThat(Long.parseLong(payload.getAttribute("installKBytes"))).isPositive();
        assertThat(((Element) info.getElementsByTagName("preinstall").item(0)).getAttribute("file")).isEqualTo("./preinstall");
        assertThat(((Element) info.getElementsByTagName("postinstall").item(0)).getAttribute("file")).isEqualTo("./postinstall");

        Element distribution = xml(parts.resolve("Distribution")).getDocumentElement();
        assertThat(distribution.getTagName()).isEqualTo("installer-gui-script");
        Element options = (Element) distribution.getElementsByTagName("options").item(0);
        assertThat(options.getAttribute("hostArchitectures")).as("the stand-in runtime says aarch64").isEqualTo("arm64");
        Element domains = (Element) distribution.getElementsByTagName("domains").item(0);
        assertThat(domains.getAttribute("enable_localSystem")).isEqualTo("true");
        assertThat(domains.getAttribute("enable_anywhere")).isEqualTo("false");
        List<Element> references = new ArrayList<>();
        for (int i = 0; i < distribution.getElementsByTagName("pkg-ref").getLength(); i++) {
            references.add((Element) distribution.getElementsByTagName("pkg-ref").item(i));
        }
        assertThat(references).allSatisfy(reference -> assertThat(reference.getAttribute("id")).isEqualTo("jp.mamori.agent"));
        Element component = references.stream().filter(reference -> !reference.getTextContent().isBlank()).findFirst().orElseThrow();
        assertThat(component.getTextContent().strip()).isEqualTo("#mamori-agent.pkg");
        assertThat(component.getAttribute("version")).isEqualTo(version);
        assertThat(component.getAttribute("installKBytes")).isEqualTo(payload.getAttribute("installKBytes"));
    }

    @Test
    void postinstallEnrollsFromTheInstallConfigAsPendingKeepsTheUninstallHashAndStartsNothingOffTheRunningSystem() throws Exception {
        Path root = extractedPayload();
        Path conf = root.resolve("etc/mamori/agent-install.conf");
        Files.createDirectories(conf.getParent());
        String hash = "AB".repeat(32);
        Files.writeString(conf, "# written by PkgPayloadIT\nconsole-url = https://console.test:8443/\n  enroll-token =  tok-123  \n"
                + "console-fingerprint = " + "cd".repeat(32) + "\nuninstall-token-sha256 = " + hash + "\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Path calls = work.resolve("calls-" + System.nanoTime());
        Run install = postinstall(root, Map.of("MAMORI_STANDIN_LOG", calls.toString(), "MAMORI_STANDIN_ENROLL_EXIT", "5"));
        assertThat(install.code).as("a pending enrollment never fails the install: " + install.output).isZero();
        String state = root + PREFIX + "/agent";
        List<String> recorded = Files.readAllLines(calls);
        assertThat(recorded.get(0)).startsWith("enroll ").contains("[enroll] [--state-dir] [" + state + "] [--console] [https://console.test:8443/] [--token-file] [")
                .endsWith("[--fingerprint] [" + "cd".repeat(32) + "] [--pending-on-failure]");
        assertThat(recorded.get(1)).isEqualTo("token-file held: tok-123");
        assertThat(recorded.get(2)).isEqualTo("uninstall-hash [-Xmx64m] [-XX:+UseSerialGC] [-XX:TieredStopAtLevel=1] [-XX:-UsePerfData] "
                + "[-Dmamori.worker.class-path=" + root + PREFIX + "/mamori-agent.jar:" + root + PREFIX + "/lib/*] [-cp] ["
                + root + PREFIX + "/mamori-agent.jar:" + root + PREFIX + "/agent-lib/*] [io.mamori.agent.cli.AgentCommand] [uninstall-hash] "
                + "[--state-dir] [" + state + "] [--sha256] [" + hash + "]");
        assertThat(install.output).contains("ENROLLMENT PENDING with https://console.test:8443/").contains("removal now needs the uninstall token")
                .contains("not the running system");
        try (Stream<Path> left = Files.list(root.resolve(PREFIX.substring(1)))) {
            assertThat(left.map(path -> path.getFileName().toString())).as("the token's file is gone").noneMatch(name -> name.startsWith(".enroll-token"));
        }
        assertThat(conf).as("the agent keeps a pending enrollment's settings itself: the config, token and all, goes").doesNotExist();
        assertThat(Path.of(state)).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(state)))).isEqualTo("rwx------");
        assertThat(Files.readString(root.resolve("Library/Logs/Mamori/agent-install.log"))).contains("ENROLLMENT PENDING");
    }

    @Test
    void postinstallTakesTheProfilesSettingsOverTheConfigAndKeepsTheConfigWhenEnrollmentFails() throws Exception {
        Path root = extractedPayload();
        Path conf = root.resolve("etc/mamori/agent-install.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "console-url = https://from-the-file.test/\nenroll-token = file-token\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        // the settings payload of the Jamf example, as macOS writes a profile's domain: its keys without the Payload* ones
        NSDictionary settings = MacJamfProfileTest.payload("jp.mamori.agent");
        NSDictionary managed = new NSDictionary();
        for (String key : settings.allKeys()) {
            if (!key.startsWith("Payload") && !key.equals("uninstall-token-sha256")) {
                managed.put(key, settings.objectForKey(key));
            }
        }
        Path profile = root.resolve("Library/Managed Preferences/jp.mamori.agent.plist");
        Files.createDirectories(profile.getParent());
        Files.writeString(profile, managed.toXMLPropertyList());
        Path calls = work.resolve("calls-" + System.nanoTime());
        Run install = postinstall(root, Map.of("MAMORI_STANDIN_LOG", calls.toString(), "MAMORI_STANDIN_ENROLL_EXIT", "1"));
        assertThat(install.code).as("a failed enrollment never fails the install: " + install.output).isZero();
        List<String> recorded = Files.readAllLines(calls);
        assertThat(recorded.get(0)).contains("[--console] [https://console.example.jp:8443/]")
                .contains("[--fingerprint] [" + "0".repeat(64) + "]");
        assertThat(recorded.get(1)).isEqualTo("token-file held: REPLACE_ME_ENROLLMENT_TOKEN");
        assertThat(recorded).hasSize(2).as("no uninstall hash was given");
        assertThat(install.output).contains("ENROLLMENT FAILED (exit 1)");
        assertThat(conf).as("kept for another try").exists();
    }

    @Test
    void postinstallWithoutSettingsEnrollsNothingAndSaysHowTo() throws Exception {
        Path root = extractedPayload();
        Path calls = work.resolve("calls-" + System.nanoTime());
        Run install = postinstall(root, Map.of("MAMORI_STANDIN_LOG", calls.toString()));
        assertThat(install.code).as(install.output).isZero();
        assertThat(calls).as("the agent's command line was not called").doesNotExist();
        assertThat(install.output).contains("not enrolled").contains("shipped policy").contains("enroll --state-dir");
    }

    @Test
    void theUninstallerRefusesWithoutTheTokenAndWithItRemovesThePackageButKeepsTheState() throws Exception {
        Root.required("the uninstaller runs as root only");
        Path root = extractedPayload();
        Path state = root.resolve(PREFIX.substring(1) + "/agent");
        Files.createDirectories(state);
        Files.writeString(state.resolve("identity.json"), "{}");
        Path uninstall = root.resolve(PREFIX.substring(1) + "/bin/uninstall");
        Path calls = work.resolve("calls-" + System.nanoTime());

        Run refused = run(List.of(uninstall.toString()), Map.of("MAMORI_STANDIN_LOG", calls.toString(), "MAMORI_STANDIN_CHECK_EXIT", "1"), null);
        assertThat(refused.code).as(refused.output).isEqualTo(1);
        assertThat(refused.output).contains("REMOVAL REFUSED");
        assertThat(Files.readAllLines(calls).get(0)).startsWith("uninstall-check ").endsWith("[uninstall-check] [--state-dir] [" + state + "]");
        assertThat(root.resolve(PREFIX.substring(1) + "/mamori-agent.jar")).exists();
        assertThat(root.resolve(DAEMON.substring(1))).exists();

        Path tokenFile = work.resolve("uninstall-token");
        Files.writeString(tokenFile, "the-token\n");
        Run removed = run(List.of(uninstall.toString(), "--token-file", tokenFile.toString()),
                Map.of("MAMORI_STANDIN_LOG", calls.toString(), "MAMORI_STANDIN_CHECK_EXIT", "0"), null);
        assertThat(removed.code).as(removed.output).isZero();
        assertThat(Files.readAllLines(calls).get(1)).endsWith("[--state-dir] [" + state + "] [--token-file] [" + tokenFile + "]");
        try (Stream<Path> left = Files.list(root.resolve(PREFIX.substring(1)))) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("agent");
        }
        assertThat(state.resolve("identity.json")).exists();
        assertThat(root.resolve(DAEMON.substring(1))).doesNotExist();
        assertThat(root.resolve(HELPER.substring(1))).doesNotExist();
        assertThat(removed.output).contains("state folder").contains("kept");

        Path elsewhere = Files.createDirectories(work.resolve("not-mamori/bin"));
        Files.copy(parts.resolve("root" + PREFIX + "/bin/uninstall"), elsewhere.resolve("uninstall"));
        Run misplaced = run(List.of("sh", elsewhere.resolve("uninstall").toString()), Map.of(), null);
        assertThat(misplaced.code).isEqualTo(2);
        assertThat(misplaced.output).contains("nothing removed");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A folder shaped like a macOS runtime image; its java records the agent command and answers as told. */
    private static Path standInRuntime(Path runtime) throws IOException {
        Files.createDirectories(runtime.resolve("bin"));
        Files.createDirectories(runtime.resolve("lib"));
        Files.writeString(runtime.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nOS_NAME=\"Darwin\"\nOS_ARCH=\"aarch64\"\n"
                + "MODULES=\"java.base\"\n");
        Files.writeString(runtime.resolve("lib/libjava.dylib"), "a stand-in, not a library\n");
        Files.writeString(runtime.resolve("lib/jspawnhelper"), "a stand-in, not a program\n");
        Files.writeString(runtime.resolve("bin/java"), """
                #!/bin/sh
                # The stand-in runtime's java (PkgPayloadIT): records the agent command it is given, one line:
                # the command, then every argument in brackets; then what the --token-file held. Exits as told.
                log="${MAMORI_STANDIN_LOG:?}"
                command=""
                previous=""
                held=""
                for argument in "$@"; do
                  if [ "$previous" = --token-file ]; then held="$(cat "$argument")"; fi
                  case "$argument" in
                    enroll|uninstall-hash|uninstall-check) [ -n "$command" ] || command="$argument" ;;
                  esac
                  previous="$argument"
                done
                line="$command"
                for argument in "$@"; do line="$line [$argument]"; done
                printf '%s\\n' "$line" >>"$log"
                if [ -n "$held" ] && [ "$command" = enroll ]; then printf 'token-file held: %s\\n' "$held" >>"$log"; fi
                echo "stand-in java: $command"
                case "$command" in
                  enroll) exit "${MAMORI_STANDIN_ENROLL_EXIT:-0}" ;;
                  uninstall-check) exit "${MAMORI_STANDIN_CHECK_EXIT:-0}" ;;
                esac
                exit 0
                """);
        runtime.resolve("bin/java").toFile().setExecutable(true, false);
        return runtime;
    }

    /** The Payload extracted into a fresh folder: the fake root the scripts are run against. */
    private static Path extractedPayload() throws Exception {
        Path root = Files.createTempDirectory(work, "root");
        Run extract = run(List.of("bsdtar", "-xpf", parts.resolve("mamori-agent.pkg/Payload").toString(), "-C", root.toString()), Map.of(), null);
        assertThat(extract.code).as(extract.output).isZero();
        return root;
    }

    /** postinstall from the Scripts archive, run as Installer would with the fake root as target volume. */
    private static Run postinstall(Path root, Map<String, String> environment) throws Exception {
        Path scripts = Files.createTempDirectory(work, "scripts");
        assertThat(run(List.of("bsdtar", "-xpf", parts.resolve("mamori-agent.pkg/Scripts").toString(), "-C", scripts.toString()), Map.of(),
                null).code).isZero();
        Path bin = Files.createDirectories(work.resolve("stand-in-bin"));
        Path plutil = bin.resolve("plutil");
        if (!Files.exists(plutil)) {
            // macOS's plutil -extract KEY raw -o - FILE, for the XML dd-plist writes: <key>K</key> then <string>V</string>
            Files.writeString(plutil, """
                    #!/bin/sh
                    [ "$1" = -extract ] && [ "$3" = raw ] && [ "$4" = -o ] && [ "$5" = - ] || { echo "stand-in plutil: $*" >&2; exit 64; }
                    awk -v want="$2" '
                      /<key>/ { k = $0; sub(/.*<key>/, "", k); sub(/<\\/key>.*/, "", k); wanted = (k == want); next }
                      wanted && /<string>/ { v = $0; sub(/.*<string>/, "", v); sub(/<\\/string>.*/, "", v); print v; found = 1; exit }
                      { wanted = 0 }
                      END { exit found ? 0 : 1 }' "$6"
                    """);
            plutil.toFile().setExecutable(true, false);
        }
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.put("PATH", bin + ":" + System.getenv("PATH"));
        return run(List.of("sh", scripts.resolve("postinstall").toString(), parts.getParent().resolve("mamori-agent.pkg").toString(), "/",
                root.toString(), "/"), all, null);
    }

    /** bsdtar's listing of a gzip'd cpio: path → {mode string, owner, group}. */
    private static Map<String, String[]> listing(Path archive) throws Exception {
        Run list = run(List.of("bsdtar", "-tvf", archive.toString()), Map.of(), null);
        assertThat(list.code).as(list.output).isZero();
        Map<String, String[]> entries = new LinkedHashMap<>();
        for (String line : list.output.split("\n")) {
            Matcher matcher = LISTING.matcher(line);
            assertThat(matcher.matches()).as("a listing line: " + line).isTrue();
            String path = matcher.group(4);
            if (path.contains(" -> ")) {
                path = path.substring(0, path.indexOf(" -> "));
            }
            entries.put(path, new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
        }
        return entries;
    }

    /** The absolute paths an argument names: itself, an argument file (@…), a -D…= value, each part of a class path. */
    private static List<String> paths(String argument) {
        String value = argument.startsWith("@") ? argument.substring(1)
                : argument.startsWith("-D") && argument.contains("=") ? argument.substring(argument.indexOf('=') + 1) : argument;
        List<String> found = new ArrayList<>();
        for (String part : value.split(":")) {
            if (part.startsWith("/")) {
                found.add(part);
            }
        }
        return found;
    }

    /** A plist read with dd-plist, as maps, lists, strings, booleans and longs. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plist(Path file) throws Exception {
        NSObject parsed = PropertyListParser.parse(file.toFile());
        assertThat(parsed).as(file.toString()).isInstanceOf(NSDictionary.class);
        return (Map<String, Object>) java(parsed);
    }

    private static Object java(NSObject object) {
        if (object instanceof NSDictionary dictionary) {
            Map<String, Object> map = new LinkedHashMap<>();
            dictionary.forEach((key, value) -> map.put(key, java(value)));
            return map;
        }
        if (object instanceof NSArray array) {
            List<Object> list = new ArrayList<>();
            for (NSObject item : array.getArray()) {
                list.add(java(item));
            }
            return list;
        }
        if (object instanceof NSNumber number) {
            return number.isBoolean() ? (Object) number.boolValue() : (Object) number.longValue();
        }
        return object.toJavaObject();
    }

    static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static String projectVersion() throws Exception {
        Document pom = xml(REPOSITORY.resolve("pom.xml"));
        for (int i = 0; i < pom.getDocumentElement().getChildNodes().getLength(); i++) {
            if (pom.getDocumentElement().getChildNodes().item(i) instanceof Element element && element.getTagName().equals("version")) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError("no version in pom.xml");
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}

package io.mamori.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mamori} must run on a stock Mac: bash 3.2 and BSD tools. No bash 3.2 is at hand here,
 * so the launcher (and the scripts a Mac runs: the macOS smoke test, the shared tools library) is
 * searched for what bash 3.2 lacks and for GNU-only flags, checked with {@code bash --posix -n},
 * and run with the bash there is for what does not build anything: help, an unknown command, and
 * the demo refusing on a system that says it is Darwin.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "./mamori is the launcher of Linux and macOS")
class LauncherBash32Test {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SCRIPTS = List.of("mamori", "tools/lib/test-classpath.sh", "tools/macos/smoke-test.sh");

    /** Each: what it is, and a pattern for it in a line of code (comments left out). */
    private static final Map<String, Pattern> NOT_ON_A_MAC = Map.ofEntries(
            Map.entry("associative arrays (bash 4)", Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*A")),
            Map.entry("namerefs (bash 4.3)", Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*n\\b")),
            Map.entry("case conversion ${v,,} ${v^^} (bash 4)", Pattern.compile("\\$\\{[#!]?[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?(,|\\^)")),
            Map.entry("${v@Q} and friends (bash 4.4)", Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?@[QEPAaUuLK]}")),
            Map.entry("mapfile/readarray (bash 4)", Pattern.compile("\\b(mapfile|readarray)\\b")),
            Map.entry("|& (bash 4)", Pattern.compile("\\|&")),
            Map.entry(";& and ;;& in case (bash 4)", Pattern.compile(";;?&")),
            Map.entry("&>> (bash 4)", Pattern.compile("&>>")),
            Map.entry("negative array index (bash 4.3)", Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[\\s*-[0-9]")),
            Map.entry("[[ -v ]] (bash 4.2)", Pattern.compile("\\[\\[\\s+-v\\s")),
            Map.entry("wait -n (bash 4.3)", Pattern.compile("\\bwait\\s+-n\\b")),
            Map.entry("coproc (bash 4)", Pattern.compile("\\bcoproc\\b")),
            Map.entry("globstar/lastpipe (bash 4)", Pattern.compile("shopt\\s+-s\\s+(globstar|lastpipe)")),
            Map.entry("$EPOCHSECONDS/$EPOCHREALTIME (bash 5)", Pattern.compile("\\$\\{?EPOCH")),
            Map.entry("readlink -f (GNU; macOS only from 12.3)", Pattern.compile("\\breadlink\\s+-[a-zA-Z]*f")),
            Map.entry("sed -i (GNU and BSD differ)", Pattern.compile("\\bsed\\s+(-[a-zA-Z]+\\s+)*-[a-zA-Z]*i")),
            Map.entry("date -d (GNU)", Pattern.compile("\\bdate\\s+(-[a-zA-Z]+\\s+)*-d\\b")),
            Map.entry("stat -c (GNU)", Pattern.compile("\\bstat\\s+(-[a-zA-Z]+\\s+)*-c\\b")),
            Map.entry("grep -P (GNU)", Pattern.compile("\\bgrep\\s+(-[a-zA-Z]+\\s+)*-[a-zA-Z]*P")),
            Map.entry("\\s in grep/sed patterns (GNU)", Pattern.compile("\\b(grep|sed)\\b.*\\\\s")),
            Map.entry("GNU long options of coreutils", Pattern.compile("(^|[;&|]\\s*|\\$\\(\\s*)(cp|mv|rm|mkdir|ls|sort|head|tail|cut)\\s+([^|;]*\\s)?--[a-z]")),
            Map.entry("timeout (GNU coreutils)", Pattern.compile("(^|[;&|]\\s*|\\s)timeout\\s+[0-9]")),
            Map.entry("mktemp --suffix/-p (GNU)", Pattern.compile("\\bmktemp\\s+(--|-p\\b)")));

    @Test
    void theLauncherAndTheMacScriptsUseNothingBash32OrBsdToolsLack() throws Exception {
        List<String> found = new ArrayList<>();
        for (String script : SCRIPTS) {
            Path file = REPOSITORY.resolve(script);
            assertThat(file).as(script).isRegularFile();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (code.startsWith("#")) {
                    continue;
                }
                for (Map.Entry<String, Pattern> rule : NOT_ON_A_MAC.entrySet()) {
                    if (rule.getValue().matcher(code).find()) {
                        found.add(script + ":" + (i + 1) + " " + rule.getKey() + ": " + code);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        for (String line : List.of("declare -A MODULE=()", "mapfile -t x < <(ls)", "echo \"${LANG,,}\"", "x=${a[-1]}",
                "ROOT=\"$(readlink -f \"$0\")\"", "sed -i 's/a/b/' f", "cmd |& tee log", "stat -c %U /dev/console",
                "x=\"$(head --lines=1 f)\"")) {
            assertThat(NOT_ON_A_MAC.values().stream().anyMatch(rule -> rule.matcher(line).find())).as(line).isTrue();
        }
        for (String line : List.of("local options=() option", "[[ \"$(uname -s)\" == Linux ]]", "echo \"${#MESSAGE_KEYS[@]}\"",
                "exec \"$JAVA\" ${options[@]+\"${options[@]}\"}", "stat -f %Su /dev/console",
                "\"$JAVA\" -cp \"$CP\" Main --state-dir \"$DIR\"")) {
            assertThat(NOT_ON_A_MAC.values().stream().noneMatch(rule -> rule.matcher(line).find())).as(line).isTrue();
        }
    }

    @Test
    void eachScriptParsesAsPosixModeBash() throws Exception {
        for (String script : SCRIPTS) {
            Run run = run(List.of("bash", "--posix", "-n", REPOSITORY.resolve(script).toString()), Map.of());
            assertThat(run.code).as(script + ": " + run.output).isZero();
        }
    }

    @Test
    void helpAndAnUnknownCommandWorkWithoutBuildingAnything() throws Exception {
        Run help = run(List.of("bash", REPOSITORY.resolve("mamori").toString(), "help"), Map.of("MAMORI_LANG", "en"));
        assertThat(help.code).as(help.output).isZero();
        assertThat(help.output).contains("Commands:").contains("agent");
        Run unknown = run(List.of("bash", REPOSITORY.resolve("mamori").toString(), "nonsense"), Map.of("MAMORI_LANG", "ja"));
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.output).contains("nonsense");
    }

    @Test
    void onAMacTheDemoRefusesWithAClearMessageBeforeBuilding(@TempDir Path bin) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell for the stand-in uname");
        Path uname = bin.resolve("uname");
        Files.writeString(uname, "#!/bin/sh\necho Darwin\n");
        Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run demo = run(List.of("bash", REPOSITORY.resolve("mamori").toString(), "demo"),
                Map.of("MAMORI_LANG", "en", "PATH", bin + ":" + System.getenv("PATH")));
        assertThat(demo.code).as(demo.output).isEqualTo(3);
        assertThat(demo.output).contains("Linux only").contains("Darwin").doesNotContain("Building");
    }

    @Test
    void offAMacTheMacSmokeTestRefusesAtOnce() throws Exception {
        assumeTrue(!System.getProperty("os.name", "").startsWith("Mac"), "on a Mac it would run");
        Run smoke = run(List.of("bash", REPOSITORY.resolve("tools/macos/smoke-test.sh").toString(), "--work",
                Files.createTempDirectory("smoke").toString()), Map.of());
        assertThat(smoke.code).as(smoke.output).isEqualTo(2);
        assertThat(smoke.output).contains("macOS smoke test");
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(REPOSITORY.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}

package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The public CI workflow that runs the agent on macOS (it cannot run here): valid YAML, both jobs on
 * macos-latest with Temurin 17 and the Maven cache, the tests with the Linux adapters' left out by
 * the agent's macos-tests profile, and the smoke test it calls — under the stock /bin/bash — in the
 * repository.
 */
class MacCiWorkflowTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @Test
    @SuppressWarnings("unchecked")
    void theMacWorkflowIsValidYamlRunningTheTestsAndTheSmokeTestOnMacos() throws Exception {
        Path workflow = REPOSITORY.resolve(".github/workflows/macos.yml");
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(workflow));
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) document.get("jobs");
        assertThat(jobs).containsOnlyKeys("test", "smoke", "pkg");
        assertThat(jobs.values()).extracting(job -> job.get("runs-on")).containsOnly("macos-latest");
        for (Map<String, Object> job : jobs.values()) {
            List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
            Map<String, Object> java = steps.stream().filter(step -> String.valueOf(step.get("uses")).startsWith("actions/setup-java"))
                    .findFirst().orElseThrow();
            assertThat((Map<String, Object>) java.get("with")).containsEntry("distribution", "temurin")
                    .containsEntry("java-version", "17").containsEntry("cache", "maven");
        }
        String steps = String.valueOf(jobs.get("test").get("steps")) + jobs.get("smoke").get("steps");
        assertThat(steps).contains("mvn -B -pl protocol,classifier,agent -am test", "/bin/bash ./tools/macos/smoke-test.sh",
                "/bin/bash ./mamori help");
        assertThat(REPOSITORY.resolve("tools/macos/smoke-test.sh")).isRegularFile().isExecutable();
        assertThat(jobs.get("smoke").get("needs")).isEqualTo("test");
        // the package built from the runner's own JDK, installed, and removed only with the uninstall token
        String pkg = String.valueOf(jobs.get("pkg").get("steps"));
        assertThat(pkg).contains("MAMORI_MACOS_JDK=\"$JAVA_HOME\" /bin/bash ./mamori package pkg", "sudo installer -pkg",
                "launchctl print system/jp.mamori.agent", "NOT ENROLLED", "MAMORI_UNINSTALL_TOKEN=");
    }

    @Test
    void theAgentLeavesTheLinuxAdaptersTestsOutOnMacosAsOnWindows() throws Exception {
        String pom = Files.readString(REPOSITORY.resolve("agent/pom.xml"));
        int profile = pom.indexOf("<id>macos-tests</id>");
        assertThat(profile).isPositive();
        String macos = pom.substring(profile, pom.indexOf("</profile>", profile));
        assertThat(macos).contains("<family>mac</family>").contains("<exclude>io/mamori/agent/platform/linux/**</exclude>");
    }

    @Test
    void theSmokeTestPresentsTheDiskImageAsTheStickTheBriefNames() throws Exception {
        String script = Files.readString(REPOSITORY.resolve("tools/macos/smoke-test.sh"));
        assertThat(script).contains("hdiutil create -size 64m -fs ExFAT -volname SMOKE", "hdiutil detach", "trap clean_up EXIT",
                "watcher: portable", "serial: SMOKE-1", "FILE_WRITTEN", "first-run-password.txt", "/api/admin/enrollment-tokens",
                "--state-dir \"$WORK/agent\"", "sudo launchctl bootstrap system");
    }
}

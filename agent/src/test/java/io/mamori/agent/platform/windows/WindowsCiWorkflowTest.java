package io.mamori.agent.platform.windows;

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
 * The public CI workflow that runs the agent on Windows (it cannot run here): valid YAML, the tests
 * and the service smoke test on windows-latest, the MSI built on Linux with a real Windows JDK and
 * then installed by Windows Installer, and the scripts it calls in the repository.
 */
class WindowsCiWorkflowTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @Test
    @SuppressWarnings("unchecked")
    void theWindowsWorkflowIsValidYamlRunningTheTestsAndTheServiceSmokeTestOnWindows() throws Exception {
        Path workflow = REPOSITORY.resolve(".github/workflows/windows.yml");
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(workflow));
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) document.get("jobs");
        assertThat(jobs).containsOnlyKeys("test", "smoke", "msi", "msi-install");
        for (String onWindows : List.of("test", "smoke", "msi-install")) {
            assertThat(jobs.get(onWindows).get("runs-on")).as(onWindows).isEqualTo("windows-latest");
        }
        // wixl is Linux's: the MSI is built there, from the Windows JDK's jmods, and handed over
        assertThat(jobs.get("msi").get("runs-on")).isEqualTo("ubuntu-latest");
        assertThat(jobs.get("msi-install").get("needs")).isEqualTo("msi");
        String msi = String.valueOf(jobs.get("msi").get("steps"));
        assertThat(msi).contains("MAMORI_WINDOWS_JDK", "./mamori package msi", "MAMORI_MSI_VERSION=99.0.0", "upload-artifact");
        assertThat(String.valueOf(jobs.get("msi-install").get("steps"))).contains("./tools/windows/msi-test.ps1", "download-artifact");
        for (String script : List.of("smoke-test.ps1", "msi-test.ps1", "TestConsole.psm1")) {
            assertThat(REPOSITORY.resolve("tools/windows").resolve(script)).isRegularFile();
        }
        String steps = String.valueOf(jobs.get("test").get("steps")) + jobs.get("smoke").get("steps");
        assertThat(steps).contains("mvn -B -pl protocol,classifier,agent -am test", "./tools/windows/smoke-test.ps1");
        assertThat(REPOSITORY.resolve("tools/windows/smoke-test.ps1")).isRegularFile();
        List<Map<String, Object>> smoke = (List<Map<String, Object>>) jobs.get("smoke").get("steps");
        assertThat(smoke).extracting(step -> step.get("shell")).contains("pwsh");
    }
}

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
 * The public CI workflow that runs the agent on Windows (it cannot run here): valid YAML, both jobs on
 * windows-latest, and the smoke test it calls is in the repository.
 */
class WindowsCiWorkflowTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @Test
    @SuppressWarnings("unchecked")
    void theWindowsWorkflowIsValidYamlRunningTheTestsAndTheServiceSmokeTestOnWindows() throws Exception {
        Path workflow = REPOSITORY.resolve(".github/workflows/windows.yml");
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(workflow));
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) document.get("jobs");
        assertThat(jobs).containsOnlyKeys("test", "smoke");
        assertThat(jobs.values()).extracting(job -> job.get("runs-on")).containsOnly("windows-latest");
        String steps = String.valueOf(jobs.get("test").get("steps")) + jobs.get("smoke").get("steps");
        assertThat(steps).contains("mvn -B -pl protocol,classifier,agent -am test", "./tools/windows/smoke-test.ps1");
        assertThat(REPOSITORY.resolve("tools/windows/smoke-test.ps1")).isRegularFile();
        List<Map<String, Object>> smoke = (List<Map<String, Object>>) jobs.get("smoke").get("steps");
        assertThat(smoke).extracting(step -> step.get("shell")).contains("pwsh");
    }
}

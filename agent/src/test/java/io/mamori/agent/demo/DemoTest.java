package io.mamori.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Root;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mamori demo --exit} as the launcher runs it: the console from its built jar, an
 * enrolled agent, a loop-mounted stick, the roster quarantined and waiting at the console.
 * Root; runs in CI (the console module is packaged before the agent's tests run).
 */
class DemoTest {

    @Test
    void showsACopyOfPersonalDataQuarantinedAndWaitingForReviewAndCleansUp() throws Exception {
        Root.required("the demo loop-mounts an image and uses fanotify");
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("console/target/mamori-console.jar")).as("the console is packaged").exists();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Demo demo = new Demo(root, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = demo.run(true);
        } finally {
            demo.close();
        }
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(status).as(output).isZero();
        assertThat(output).contains("議事録.txt → AUDIT").contains("顧客名簿.csv → BLOCK").contains("PENDING")
                .contains("JP_MY_NUMBER (HIGH) ×50").contains("MAMORI-DEMO-0001");
        assertThat(output).as("only masked numbers are shown").containsPattern("\\d{4}-\\*{4}-\\*{2}\\d{2}")
                .doesNotContainPattern("\\d{4}-\\d{4}-\\d{4}");
        Path stick = root.resolve("target/demo/media/MAMORI-DEMO");
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).as("the stick is unmounted afterwards")
                .doesNotContain(stick.toString());
    }
}

package io.mamori.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests that need root (loop mounts, tmpfs, fanotify): they run when the tests run as root,
 * are skipped otherwise, and under CI ({@code CI=true}), which runs as root, they must run. They
 * are Linux tests: on another OS (the Windows CI job) they are skipped, CI or not.
 */
public final class Root {

    private Root() {
    }

    public static void required(String why) {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux only: " + why);
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(root).as("CI runs the tests as root: " + why).isTrue();
        }
        assumeTrue(root, why);
    }

    /** Runs a command and gives its output (standard error included), failing with it if the command fails. */
    public static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}

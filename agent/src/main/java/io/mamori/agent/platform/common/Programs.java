package io.mamori.agent.platform.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The system programs the agent runs (mount, blockdev, loginctl, gdbus, apt-get, powershell …):
 * found, time-boxed, their output kept. Shared by the platform packages; {@link #find} looks in
 * the Unix system folders.
 */
public final class Programs {

    /** Output beyond this is not kept (a program that talks too much is cut short, not the agent). */
    private static final int MAX_OUTPUT = 1 << 20;

    private Programs() {
    }

    /** The program's path in the system folders; a path that does not exist when it is not installed. */
    public static String find(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/bin/" + name; // not installed: running it fails with a clear message
    }

    public static boolean installed(String name) {
        return Files.isExecutable(Path.of(find(name)));
    }

    /** Runs {@code command} and gives its output (standard error included); fails if it fails or takes longer than {@code limit}. */
    public static String run(List<String> command, Duration limit) throws IOException {
        return run(command, null, limit);
    }

    /**
     * As {@link #run(List, Duration)}, with exactly the environment {@code environment} (null: the
     * agent's own).
     */
    public static String run(List<String> command, Map<String, String> environment, Duration limit) throws IOException {
        Finished finished = finish(command, environment, limit);
        if (finished.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + finished.exitCode() + "): " + finished.output().strip());
        }
        return finished.output();
    }

    /** What a program printed (standard error included) and how it ended. */
    public record Finished(int exitCode, String output) {
    }

    /**
     * Runs {@code command} for programs whose exit code is an answer, not only success or failure
     * ({@code dnf check-update} exits 100 when updates wait, {@code needs-restarting -r} 1 when a
     * restart does); fails only if it cannot start or takes longer than {@code limit}.
     */
    public static Finished finish(List<String> command, Map<String, String> environment, Duration limit) throws IOException {
        return finish(command, environment, limit, null);
    }

    /**
     * As {@link #finish(List, Map, Duration)}, with standard input read from {@code input} (opened
     * here, so a program started with fewer rights still reads a file only the agent may open).
     */
    public static Finished finishWithInput(List<String> command, Map<String, String> environment, Duration limit, Path input)
            throws IOException {
        return finish(command, environment, limit, input);
    }

    private static Finished finish(List<String> command, Map<String, String> environment, Duration limit, Path input)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> keep(process.getInputStream(), output), "mamori-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Finished(process.exitValue(), text);
    }

    private static void keep(InputStream in, ByteArrayOutputStream output) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    if (output.size() < MAX_OUTPUT) {
                        output.write(buffer, 0, Math.min(n, MAX_OUTPUT - output.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }
}

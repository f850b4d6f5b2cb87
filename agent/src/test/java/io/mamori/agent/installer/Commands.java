package io.mamori.agent.installer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs a command to its end for the installer tests: exit code and output (stderr merged). */
final class Commands {

    record Result(int code, String output) {
    }

    private Commands() {
    }

    static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    static Result run(String... command) throws Exception {
        return run(List.of(command), Map.of());
    }
}

package io.mamori.agent.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The decision-latency benchmark's writer, a process of its own (the agent does not watch its own
 * writes): copies each "source TAB target" line it reads, and right after the target is closed
 * prints "target TAB epoch-nanoseconds".
 */
public final class CloseTimes {

    private CloseTimes() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t");
            Files.copy(Path.of(parts[0]), Path.of(parts[1]), StandardCopyOption.REPLACE_EXISTING);
            Instant closed = Instant.now();
            System.out.println(parts[1] + "\t" + (closed.getEpochSecond() * 1_000_000_000L + closed.getNano()));
            System.out.flush();
        }
    }
}

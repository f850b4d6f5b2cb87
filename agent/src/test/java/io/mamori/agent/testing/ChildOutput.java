package io.mamori.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reading a child process's output: wait for a line, then keep the pipe drained so it never blocks. */
public final class ChildOutput {

    private ChildOutput() {
    }

    /** The first line containing {@code text}; the rest of the output is read and dropped. */
    public static String awaitLine(Process process, String text) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(text)) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "child-output");
                drain.setDaemon(true);
                drain.start();
                return line;
            }
        }
        throw new IOException("the process ended before printing '" + text + "'");
    }
}

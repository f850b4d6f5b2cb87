package io.mamori.agent.patch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded outputs of update tools under {@code src/test/resources/patch/}. */
final class Recorded {

    private Recorded() {
    }

    static String output(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/patch/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

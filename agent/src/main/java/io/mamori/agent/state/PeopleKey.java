package io.mamori.agent.state;

import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The agent's key for the keys of people (128 random bits, {@code people.key}, owner-only): its
 * inspection workers digest detected values under it, so that the same person found in two files
 * gets the same key and the console can count people across the files of an incident (issue 23).
 * It never leaves the machine; a key that others can read, or that is not one, is replaced — the
 * keys of files already sent then no longer match new ones, which only makes the count a floor.
 */
public final class PeopleKey {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeopleKey.class);

    private PeopleKey() {
    }

    /** The key as 32 lower-case hex digits, made on first use. */
    public static String loadOrCreate(StateDirectory state) throws IOException {
        Path file = state.peopleKey();
        if (Files.exists(file)) {
            try {
                String hex = new String(PrivateFiles.read(file), StandardCharsets.US_ASCII).strip();
                if (hex.matches("[0-9a-f]{32}")) {
                    return hex;
                }
            } catch (IOException unusable) {
                LOG.warn("{} cannot be used ({}); a new people key is made", file, unusable.getMessage());
            }
            Files.delete(file);
        }
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        PrivateFiles.write(file, hex.getBytes(StandardCharsets.US_ASCII));
        return hex;
    }
}

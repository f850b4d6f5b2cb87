package io.mamori.console.accounts;

import io.mamori.console.keys.Secrets;
import java.util.Locale;

/**
 * Secrets people type: one-time passwords (first run, password resets) and recovery codes. Drawn
 * from an alphabet without look-alikes (no 0/o, 1/l/i) and grouped for reading aloud.
 */
final class OneTimeSecrets {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private OneTimeSecrets() {
    }

    /** 20 characters, about 99 bits: {@code xxxx-xxxx-xxxx-xxxx-xxxx}. */
    static String password() {
        return grouped(5, 4);
    }

    /**
     * 20 characters, about 99 bits: {@code xxxxx-xxxxx-xxxxx-xxxxx}. The first group is the code's
     * id (stored as it is, to find the code); the other fifteen characters, about 74 bits, are its
     * secret (stored as an Argon2id hash). Each works once.
     */
    static String recoveryCode() {
        return grouped(4, 5);
    }

    /** The length of a normalised recovery code, and of its id. */
    static final int RECOVERY_CODE_LENGTH = 20;
    static final int RECOVERY_CODE_ID_LENGTH = 5;

    /** How a typed recovery code is compared: case and dashes do not matter. */
    static String normalise(String code) {
        return code == null ? "" : code.toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }

    private static String grouped(int groups, int size) {
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                out.append('-');
            }
            for (int i = 0; i < size; i++) {
                out.append(ALPHABET.charAt(Secrets.random().nextInt(ALPHABET.length())));
            }
        }
        return out.toString();
    }
}

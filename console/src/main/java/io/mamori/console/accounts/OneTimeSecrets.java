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

    /** 10 characters, about 50 bits: {@code xxxxx-xxxxx}. Each works once. */
    static String recoveryCode() {
        return grouped(2, 5);
    }

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

package io.mamori.agent.uninstall;

import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The uninstall token's SHA-256, kept in the state directory ({@code uninstall-token.sha256},
 * owner-only): given by the installer ({@code mamori agent uninstall-hash}) and replaced by the
 * one the console sends in its heartbeat answer. The package's removal scripts ask
 * {@link #check} whether a token given at removal is the right one; the token itself is never
 * kept anywhere.
 */
public final class UninstallToken {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** What a removal with a given token (or none) comes to. */
    public enum Verdict {
        /** No hash is kept: removal is not restricted. */
        ALLOWED_NO_HASH,
        /** The token's SHA-256 is the one kept. */
        ALLOWED_MATCH,
        /** A hash is kept and no token was given. */
        REFUSED_NO_TOKEN,
        /** A hash is kept and the token given does not match it. */
        REFUSED_WRONG_TOKEN,
        /** The kept file is not a SHA-256: nothing can match it, so removal is refused until a new hash is kept. */
        REFUSED_DAMAGED;

        public boolean allowed() {
            return this == ALLOWED_NO_HASH || this == ALLOWED_MATCH;
        }
    }

    private UninstallToken() {
    }

    /** The digest in lowercase, upper case folded; empty if {@code hex} is not 64 hexadecimal digits. */
    public static Optional<String> normalize(String hex) {
        if (hex == null) {
            return Optional.empty();
        }
        String folded = hex.strip().toLowerCase(Locale.ROOT);
        return HEX.matcher(folded).matches() ? Optional.of(folded) : Optional.empty();
    }

    /**
     * Keeps {@code sha256} as the hash removal needs, replacing any other; returns false, changing
     * nothing, when it is already the one kept.
     *
     * @throws IllegalArgumentException when it is not 64 hexadecimal digits
     */
    public static boolean keep(StateDirectory state, String sha256) throws IOException {
        String digest = normalize(sha256).orElseThrow(() -> new IllegalArgumentException(
                "the uninstall token's SHA-256 must be 64 hexadecimal digits"));
        if (Files.exists(state.uninstallTokenHash())) {
            try {
                if (kept(state).filter(digest::equals).isPresent()) {
                    return false;
                }
            } catch (IOException e) {
                // damaged or exposed: replaced below by a good owner-only file
            }
        }
        PrivateFiles.write(state.uninstallTokenHash(), (digest + "\n").getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    /**
     * The hash kept; empty when there is none.
     *
     * @throws IOException when the file cannot be read, others can read it, or it holds no SHA-256
     */
    public static Optional<String> kept(StateDirectory state) throws IOException {
        if (!Files.exists(state.uninstallTokenHash())) {
            return Optional.empty();
        }
        String content = new String(PrivateFiles.read(state.uninstallTokenHash()), StandardCharsets.US_ASCII);
        String firstLine = content.lines().findFirst().orElse("");
        return Optional.of(normalize(firstLine).orElseThrow(() -> new IOException(state.uninstallTokenHash()
                + " does not hold a SHA-256 (64 hexadecimal digits)")));
    }

    /** Whether removal with {@code token} (null or blank: none given) is allowed. */
    public static Verdict check(StateDirectory state, String token) {
        Optional<String> kept;
        try {
            kept = kept(state);
        } catch (IOException e) {
            return Verdict.REFUSED_DAMAGED;
        }
        if (kept.isEmpty()) {
            return Verdict.ALLOWED_NO_HASH;
        }
        if (token == null || token.isBlank()) {
            return Verdict.REFUSED_NO_TOKEN;
        }
        byte[] expected = HexFormat.of().parseHex(kept.get());
        return MessageDigest.isEqual(expected, sha256(token.strip())) ? Verdict.ALLOWED_MATCH : Verdict.REFUSED_WRONG_TOKEN;
    }

    /** SHA-256 of the token's UTF-8 bytes, as {@code printf '%s' "$TOKEN" | sha256sum} makes it. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

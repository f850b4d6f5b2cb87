package io.mamori.console.accounts;

import io.mamori.console.keys.Secrets;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238): HMAC-SHA1, six digits, 30-second steps — what every
 * authenticator app understands. A code is accepted for the current step and one step either
 * side (clock drift); {@link #matchingStep} returns the step so that the caller can refuse a
 * code used before (replay).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    private static final int SECRET_BYTES = 20;

    private Totp() {
    }

    /** A new shared secret, base32 without padding, as authenticator apps take it. */
    public static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        Secrets.random().nextBytes(secret);
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public static String code(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(new Base32().decode(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    public static long stepAt(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The step whose code this is (now ± one step), or -1. */
    public static long matchingStep(String base32Secret, String code, Instant now) {
        if (code == null) {
            return -1;
        }
        String digits = code.replace(" ", "");
        if (!digits.matches("\\d{6}")) {
            return -1;
        }
        long current = stepAt(now);
        for (long step = current - 1; step <= current + 1; step++) {
            if (Secrets.equal(code(base32Secret, step), digits)) {
                return step;
            }
        }
        return -1;
    }

    /** The otpauth:// URI an authenticator app reads from a QR code. */
    public static String uri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package io.mamori.classifier.detect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests of detected values: HMAC-SHA256 under a random key made when the process starts,
 * cut to 64 bits. Two findings of the same value have the same key within one process, so
 * distinct people can be counted; the key never leaves memory, so a digest cannot be reversed by
 * trying every 12-digit number.
 */
public final class ValueKeys {

    private static final SecretKeySpec KEY;
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(ValueKeys::newMac);

    static {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KEY = new SecretKeySpec(key, "HmacSHA256");
    }

    private ValueKeys() {
    }

    public static long of(String canonicalValue) {
        byte[] digest = MAC.get().doFinal(canonicalValue.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private static Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}

package io.mamori.classifier.detect;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Keyed digests of detected values: SipHash-2-4 (a pseudo-random function made for short inputs)
 * under a 128-bit key drawn when the process starts. Two findings of the same value have the same
 * key within one process, so distinct people can be counted; the key never leaves memory, so a
 * digest cannot be reversed by trying every 12-digit number.
 */
public final class ValueKeys {

    private static final KeyParameter KEY;
    private static final ThreadLocal<SipHash> MAC = ThreadLocal.withInitial(() -> {
        SipHash mac = new SipHash(2, 4);
        mac.init(ValueKeys.KEY);
        return mac;
    });

    static {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        KEY = new KeyParameter(key);
    }

    private ValueKeys() {
    }

    public static long of(String canonicalValue) {
        SipHash mac = MAC.get();
        byte[] bytes = canonicalValue.getBytes(StandardCharsets.UTF_8);
        mac.update(bytes, 0, bytes.length);
        return mac.doFinal(); // doFinal also resets for the next value
    }
}

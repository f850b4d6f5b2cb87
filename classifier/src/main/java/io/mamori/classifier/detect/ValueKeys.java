package io.mamori.classifier.detect;

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
    private static final ThreadLocal<Digester> DIGESTER = ThreadLocal.withInitial(Digester::new);

    static {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        KEY = new KeyParameter(key);
    }

    private ValueKeys() {
    }

    /**
     * The key of a value. Its UTF-16 code units are what is digested (two bytes each, into a
     * buffer kept per thread): the keys only have to agree within this process, so no encoding
     * to UTF-8 is needed.
     */
    public static long of(String canonicalValue) {
        Digester digester = DIGESTER.get();
        int n = canonicalValue.length();
        byte[] bytes = digester.buffer(2 * n);
        for (int i = 0; i < n; i++) {
            char c = canonicalValue.charAt(i);
            bytes[2 * i] = (byte) c;
            bytes[2 * i + 1] = (byte) (c >>> 8);
        }
        digester.mac.update(bytes, 0, 2 * n);
        return digester.mac.doFinal(); // doFinal also resets for the next value
    }

    private static final class Digester {
        private final SipHash mac = new SipHash(2, 4);
        private byte[] buffer = new byte[256];

        Digester() {
            mac.init(KEY);
        }

        byte[] buffer(int length) {
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, 2 * buffer.length)];
            }
            return buffer;
        }
    }
}

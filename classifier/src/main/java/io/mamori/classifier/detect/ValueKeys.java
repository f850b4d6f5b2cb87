package io.mamori.classifier.detect;

import java.security.SecureRandom;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Keyed digests of detected values: SipHash-2-4 (a pseudo-random function made for short inputs)
 * under a 128-bit key drawn when the process starts, or the agent's own key when it gives one
 * ({@link #use}: an agent's inspection workers then agree, so the console can count people across
 * files by {@code PeopleKeys}). Two findings of the same value have the same key within one process
 * (one agent), so distinct people can be counted; the key never leaves memory (the agent's file),
 * so a digest cannot be reversed by trying every 12-digit number.
 */
public final class ValueKeys {

    private static volatile KeyParameter key;
    private static final ThreadLocal<Digester> DIGESTER = ThreadLocal.withInitial(Digester::new);

    static {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        key = new KeyParameter(random);
    }

    /** Digests values under this 128-bit key from now on, in every thread of the process. */
    public static void use(byte[] sixteenBytes) {
        if (sixteenBytes.length != 16) {
            throw new IllegalArgumentException("a value key is 16 bytes, not " + sixteenBytes.length);
        }
        key = new KeyParameter(sixteenBytes.clone());
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
        digester.keyed(key);
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
        private KeyParameter keyedWith;

        /** Keyed with the process's key (again, if it changed). */
        void keyed(KeyParameter current) {
            if (current != keyedWith) {
                mac.init(current);
                keyedWith = current;
            }
        }

        byte[] buffer(int length) {
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, 2 * buffer.length)];
            }
            return buffer;
        }
    }
}

package io.mamori.agent.quarantine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-256-GCM and SHA-256 from the system's OpenSSL ({@code libcrypto}), when it is there.
 *
 * <p>Why: the agent runs with the client compiler only ({@code -XX:TieredStopAtLevel=1}, which
 * keeps it under its memory budget), and the JDK's fast AES-GCM and SHA-256 code is used only by
 * the server compiler: sealing ran at about 20 MB/s, so quarantining a 10 MB file took half a
 * second. OpenSSL does it at memory speed. The output is the same bytes either way (AES-GCM and
 * SHA-256 are fully specified; a test checks one against the other), so a store written with one
 * opens with the other. Where {@code libcrypto} cannot be loaded the JDK's code is used.
 */
public final class NativeCrypto {

    private static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);
    private static final int EVP_CTRL_GCM_GET_TAG = 0x10;
    private static final int EVP_CTRL_GCM_SET_TAG = 0x11;
    private static final int TAG_LENGTH = 16;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final LibCrypto LIB = load();

    /** The few libcrypto functions used (OpenSSL 1.1 and 3 have them all). */
    interface LibCrypto extends Library {
        Pointer EVP_CIPHER_CTX_new();

        void EVP_CIPHER_CTX_free(Pointer ctx);

        Pointer EVP_aes_256_gcm();

        int EVP_EncryptInit_ex(Pointer ctx, Pointer cipher, Pointer engine, byte[] key, byte[] iv);

        int EVP_EncryptUpdate(Pointer ctx, byte[] out, IntByReference outLength, byte[] in, int inLength);

        int EVP_EncryptFinal_ex(Pointer ctx, byte[] out, IntByReference outLength);

        int EVP_DecryptInit_ex(Pointer ctx, Pointer cipher, Pointer engine, byte[] key, byte[] iv);

        int EVP_DecryptUpdate(Pointer ctx, byte[] out, IntByReference outLength, byte[] in, int inLength);

        int EVP_DecryptFinal_ex(Pointer ctx, byte[] out, IntByReference outLength);

        int EVP_CIPHER_CTX_ctrl(Pointer ctx, int type, int arg, byte[] pointer);

        Pointer EVP_MD_CTX_new();

        void EVP_MD_CTX_free(Pointer ctx);

        Pointer EVP_sha256();

        int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        int EVP_DigestUpdate(Pointer ctx, byte[] data, long count);

        int EVP_DigestFinal_ex(Pointer ctx, byte[] digest, IntByReference length);

        int EVP_MD_CTX_copy_ex(Pointer out, Pointer in);
    }

    private NativeCrypto() {
    }

    private static LibCrypto load() {
        if (Boolean.getBoolean("mamori.crypto.jdk-only")) {
            return null;
        }
        for (String name : new String[] {"crypto", "libcrypto.so.3", "libcrypto.so.1.1"}) {
            try {
                LibCrypto lib = Native.load(name, LibCrypto.class);
                lib.EVP_aes_256_gcm(); // present and callable
                return lib;
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("libcrypto as '{}' is not available: {}", name, e.getMessage());
            }
        }
        LOG.info("OpenSSL's libcrypto is not available: the quarantine store uses the JDK's AES-GCM and SHA-256 (slower)");
        return null;
    }

    static boolean available() {
        return LIB != null;
    }

    /**
     * Makes OpenSSL this JVM's first choice for SHA-256, so every hash the agent computes (the
     * classifier's cache keys, the first look) runs at OpenSSL's speed too. Does nothing where
     * libcrypto is not available. For the agent process only.
     */
    public static void preferForSha256() {
        if (LIB != null && java.security.Security.getProvider(Provider.NAME) == null) {
            java.security.Security.insertProviderAt(new Provider(), 1);
        }
    }

    /** A JCA provider with just SHA-256. */
    static final class Provider extends java.security.Provider {
        static final String NAME = "MamoriOpenSSL";

        Provider() {
            super(NAME, "1", "SHA-256 from the system's OpenSSL");
            put("MessageDigest.SHA-256", Sha256.class.getName());
        }
    }

    /** A SHA-256 digest computed by OpenSSL, as a {@link MessageDigest}. */
    static MessageDigest sha256() {
        return new Sha256();
    }

    /** Seals {@code length} bytes of {@code plain} into {@code out}: ciphertext followed by the 16-byte tag. */
    static int seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] plain, int length, byte[] out) {
        Pointer ctx = LIB.EVP_CIPHER_CTX_new();
        try {
            IntByReference written = new IntByReference();
            check(LIB.EVP_EncryptInit_ex(ctx, LIB.EVP_aes_256_gcm(), null, key, nonce), "EncryptInit");
            check(LIB.EVP_EncryptUpdate(ctx, null, written, associatedData, associatedData.length), "EncryptUpdate(aad)");
            int total = 0;
            if (length > 0) { // JNA hands the arrays over whole; OpenSSL reads and writes the first length bytes
                check(LIB.EVP_EncryptUpdate(ctx, out, written, plain, length), "EncryptUpdate");
                total = written.getValue();
            }
            byte[] rest = new byte[TAG_LENGTH];
            check(LIB.EVP_EncryptFinal_ex(ctx, rest, written), "EncryptFinal");
            System.arraycopy(rest, 0, out, total, written.getValue());
            total += written.getValue();
            byte[] tag = new byte[TAG_LENGTH];
            check(LIB.EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, tag), "get tag");
            System.arraycopy(tag, 0, out, total, TAG_LENGTH);
            return total + TAG_LENGTH;
        } finally {
            LIB.EVP_CIPHER_CTX_free(ctx);
        }
    }

    /** Opens {@code length} sealed bytes (ciphertext and tag) into {@code out}; false when they do not authenticate. */
    static boolean open(byte[] key, byte[] nonce, byte[] associatedData, byte[] sealed, int length, byte[] out) {
        if (length < TAG_LENGTH) {
            return false;
        }
        int cipherLength = length - TAG_LENGTH;
        Pointer ctx = LIB.EVP_CIPHER_CTX_new();
        try {
            IntByReference written = new IntByReference();
            check(LIB.EVP_DecryptInit_ex(ctx, LIB.EVP_aes_256_gcm(), null, key, nonce), "DecryptInit");
            check(LIB.EVP_DecryptUpdate(ctx, null, written, associatedData, associatedData.length), "DecryptUpdate(aad)");
            byte[] plain = new byte[Math.max(1, cipherLength)];
            int total = 0;
            if (cipherLength > 0) {
                check(LIB.EVP_DecryptUpdate(ctx, plain, written, sealed, cipherLength), "DecryptUpdate");
                total = written.getValue();
            }
            check(LIB.EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH,
                    Arrays.copyOfRange(sealed, cipherLength, length)), "set tag");
            byte[] rest = new byte[TAG_LENGTH];
            if (LIB.EVP_DecryptFinal_ex(ctx, rest, written) <= 0) {
                Arrays.fill(plain, (byte) 0);
                return false;
            }
            System.arraycopy(plain, 0, out, 0, total);
            Arrays.fill(plain, (byte) 0);
            return true;
        } finally {
            LIB.EVP_CIPHER_CTX_free(ctx);
        }
    }

    private static void check(int result, String what) {
        if (result <= 0) {
            throw new IllegalStateException("OpenSSL " + what + " failed");
        }
    }

    /** SHA-256 by OpenSSL; public for the JCA, which makes it by reflection. */
    public static final class Sha256 extends MessageDigest implements Cloneable {

        private final Pointer ctx;
        private final byte[] one = new byte[1];

        public Sha256() {
            this(null);
        }

        private Sha256(Pointer copyOf) {
            super("SHA-256");
            Pointer context = LIB.EVP_MD_CTX_new();
            this.ctx = context;
            CLEANER.register(this, () -> LIB.EVP_MD_CTX_free(context));
            if (copyOf == null) {
                engineReset();
            } else {
                check(LIB.EVP_MD_CTX_copy_ex(context, copyOf), "MD_CTX_copy");
            }
        }

        /** TLS and others clone a digest part-way: the copy has its own OpenSSL context. */
        @Override
        public Object clone() {
            return new Sha256(ctx);
        }

        @Override
        protected void engineUpdate(byte input) {
            one[0] = input;
            check(LIB.EVP_DigestUpdate(ctx, one, 1), "DigestUpdate");
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int length) {
            if (length == 0) {
                return;
            }
            byte[] data = offset == 0 ? input : Arrays.copyOfRange(input, offset, offset + length);
            check(LIB.EVP_DigestUpdate(ctx, data, length), "DigestUpdate");
        }

        @Override
        protected byte[] engineDigest() {
            byte[] digest = new byte[32];
            check(LIB.EVP_DigestFinal_ex(ctx, digest, new IntByReference()), "DigestFinal");
            engineReset();
            return digest;
        }

        @Override
        protected void engineReset() {
            check(LIB.EVP_DigestInit_ex(ctx, LIB.EVP_sha256(), null), "DigestInit");
        }

        @Override
        protected int engineGetDigestLength() {
            return 32;
        }
    }
}

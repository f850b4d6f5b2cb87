package io.mamori.agent.quarantine;

import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The store's data key: 32 random bytes (AES-256) in {@code store.key}, owner-only. Its id, the
 * first 8 bytes of a SHA-256 over a label and the key, is written in every store file so that a
 * file sealed under another key is reported as such rather than as damaged.
 */
final class StoreKey {

    static final String FILE_NAME = "store.key";
    static final int ID_LENGTH = 8;
    private static final int KEY_LENGTH = 32;
    private static final byte[] ID_LABEL = "mamori-quarantine-key-id-v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final byte[] id;

    private StoreKey(byte[] material) {
        this.key = new SecretKeySpec(material, "AES");
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ID_LABEL);
            this.id = Arrays.copyOf(sha256.digest(material), ID_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Reads the key, refusing one other users can read (it may have leaked) or one of the wrong length. */
    static StoreKey read(Path file) throws IOException {
        byte[] material = PrivateFiles.read(file);
        try {
            if (material.length != KEY_LENGTH) {
                throw new IOException(file + " is not a quarantine key: it holds " + material.length + " bytes, a key has "
                        + KEY_LENGTH);
            }
            return new StoreKey(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** Makes a new key and writes it (owner-only, flushed) before returning it. */
    static StoreKey create(Path file, SecureRandom random) throws IOException {
        byte[] material;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_LENGTH * 8, random);
            material = generator.generateKey().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make AES-256 keys", e);
        }
        try {
            if (Files.exists(file)) {
                throw new IOException(file + " already exists; a second key would make the files sealed under it unreadable");
            }
            PrivateFiles.write(file, material);
            return new StoreKey(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    SecretKey secretKey() {
        return key;
    }

    /** The raw key, for OpenSSL (SecretKeySpec hands out a copy). */
    byte[] material() {
        return key.getEncoded();
    }

    byte[] id() {
        return id.clone();
    }
}

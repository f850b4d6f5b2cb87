package io.mamori.console.keys;

import io.mamori.console.ConsoleSettings;
import io.mamori.protocol.secrets.PrivateFiles;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the few secrets the console must be able to read back (TOTP keys) with AES-256-GCM under
 * a data key kept in {@code keys/data.key}, outside the database: a copy of the database alone
 * does not give away anyone's second factor. Every console node needs the same file.
 */
@Singleton
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(ConsoleSettings settings) {
        this.key = loadOrCreate(settings.dataDir().resolve("keys").resolve("data.key"));
    }

    public String seal(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open with keys/data.key: was the file replaced?", e);
        }
    }

    private SecretKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] raw = Base64.getDecoder().decode(new String(PrivateFiles.read(file), StandardCharsets.US_ASCII).strip());
                if (raw.length != 32) {
                    throw new IllegalStateException(file + " does not hold a 256-bit key");
                }
                return new SecretKeySpec(raw, "AES");
            }
            PrivateFiles.directory(file.getParent());
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            PrivateFiles.write(file, (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII));
            return new SecretKeySpec(raw, "AES");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the data key " + file + ": " + e.getMessage(), e);
        }
    }
}

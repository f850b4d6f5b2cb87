package io.mamori.protocol.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for policy signing, with the JDK's own implementation, and their text forms: the
 * public key as base64 of its X.509 encoding (sent at enrollment), the private key as PKCS#8
 * PEM (kept by the console, owner-only), and a key id: the SHA-256 of the public key's X.509
 * encoding in lowercase hex.
 */
public final class SigningKeys {

    public static final String ALGORITHM = "Ed25519";
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (needs JDK 15 or newer)", e);
        }
    }

    /** The id agents pin and signatures name: hex SHA-256 of the X.509-encoded public key. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The first 16 hex digits of a key id, enough for people to tell keys apart in messages. */
    public static String shortId(String keyId) {
        return keyId.length() <= 16 ? keyId : keyId.substring(0, 16) + "…";
    }

    public static String encodePublicKey(PublicKey key) {
        requireEd25519(key.getAlgorithm());
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads a public key from base64 of its X.509 encoding.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not an Ed25519 key
     */
    public static PublicKey decodePublicKey(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key is not valid base64", e);
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key is not an Ed25519 key in X.509 form", e);
        }
    }

    public static String encodePrivateKeyPem(PrivateKey key) {
        requireEd25519(key.getAlgorithm());
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /**
     * Reads a private key from PKCS#8 PEM.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not an Ed25519 key
     */
    public static PrivateKey decodePrivateKeyPem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IllegalArgumentException("the private key is not in PEM form (" + PEM_BEGIN + " … " + PEM_END + ")");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key is not an Ed25519 key in PKCS#8 form", e);
        }
    }

    private static void requireEd25519(String algorithm) {
        if (!ALGORITHM.equals(algorithm) && !"EdDSA".equals(algorithm)) {
            throw new IllegalArgumentException("expected an Ed25519 key, got " + algorithm);
        }
    }
}

package io.mamori.agent.log;

import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.secrets.PrivateFiles;
import io.mamori.protocol.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The agent's own Ed25519 key, made on first start, which signs the operation log's checkpoints
 * and anchor. The private half is {@code agent-key.pem} ({@code 0600}); the public half
 * {@code agent-key.pub} is what {@code verify-log} checks with.
 */
public final class AgentKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AgentKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key, making it on first use. */
    public static AgentKey loadOrCreate(StateDirectory state) throws IOException {
        Path privateFile = state.signingKey();
        Path publicFile = publicFile(state);
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return new AgentKey(SigningKeys.decodePrivateKeyPem(new String(PrivateFiles.read(privateFile), StandardCharsets.US_ASCII)),
                    readPublic(state));
        }
        KeyPair pair = SigningKeys.generate();
        PrivateFiles.write(privateFile, SigningKeys.encodePrivateKeyPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.write(publicFile, SigningKeys.encodePublicKey(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
        return new AgentKey(pair.getPrivate(), pair.getPublic());
    }

    /** The public half only, for verifying. */
    public static PublicKey readPublic(StateDirectory state) throws IOException {
        return SigningKeys.decodePublicKey(Files.readString(publicFile(state), StandardCharsets.US_ASCII).strip());
    }

    private static Path publicFile(StateDirectory state) {
        return state.root().resolve("agent-key.pub");
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return SigningKeys.keyId(publicKey);
    }

    String sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the agent's key", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, String base64Signature) {
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}

package io.mamori.protocol.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Policy;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs policy documents with the console's Ed25519 key. What is signed is the context string
 * {@value #CONTEXT} followed by the policy's canonical form ({@link CanonicalJson}), so a
 * signature cannot be lifted onto any other kind of document.
 */
public final class PolicySigner {

    /** Domain separation: a policy signature means nothing outside this context. */
    public static final String CONTEXT = "mamori-policy-v1\n";

    private final KeyPair keys;
    private final String keyId;

    public PolicySigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = SigningKeys.keyId(keys.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    public SignedPolicy sign(Policy policy) {
        return sign(ProtocolJson.toTree(policy));
    }

    /** Signs a policy tree as it is, fields unknown to this build included. */
    public SignedPolicy sign(JsonNode policyTree) {
        byte[] message = signedBytes(policyTree);
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(message);
            String value = Base64.getEncoder().encodeToString(signature.sign());
            return new SignedPolicy(policyTree.deepCopy(), new PolicySignature(SigningKeys.ALGORITHM, keyId, value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The exact bytes a policy signature covers. */
    static byte[] signedBytes(JsonNode policyTree) {
        byte[] canonical = CanonicalJson.bytes(policyTree);
        byte[] context = CONTEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] message = new byte[context.length + canonical.length];
        System.arraycopy(context, 0, message, 0, context.length);
        System.arraycopy(canonical, 0, message, context.length, canonical.length);
        return message;
    }
}

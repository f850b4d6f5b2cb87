package io.mamori.protocol.signing;

import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.signing.PolicySignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Verifies signed policies against the one console key an agent pinned at enrollment. Nothing
 * inside the policy is trusted until the signature over its canonical form has verified; then
 * the policy is read with the usual strict rules.
 */
public final class PolicyVerifier {

    private final PublicKey pinnedKey;
    private final String pinnedKeyId;

    public PolicyVerifier(PublicKey pinnedKey) {
        this.pinnedKey = pinnedKey;
        this.pinnedKeyId = SigningKeys.keyId(pinnedKey);
    }

    public String pinnedKeyId() {
        return pinnedKeyId;
    }

    public VerifiedPolicy verify(String signedJson) throws PolicySignatureException {
        return verify(signedJson.getBytes(StandardCharsets.UTF_8));
    }

    public VerifiedPolicy verify(byte[] signedJson) throws PolicySignatureException {
        SignedPolicy signed;
        try {
            signed = ProtocolJson.read(signedJson, SignedPolicy.class);
        } catch (ProtocolException e) {
            throw new PolicySignatureException(Reason.MALFORMED, "not a signed policy document: " + e.getMessage(), e);
        }
        PolicySignature signature = signed.signature();
        if (!SigningKeys.ALGORITHM.equals(signature.algorithm())) {
            throw new PolicySignatureException(Reason.UNSUPPORTED_ALGORITHM, "signed with " + signature.algorithm()
                    + "; only " + SigningKeys.ALGORITHM + " is accepted", null);
        }
        if (!pinnedKeyId.equals(signature.keyId())) {
            throw new PolicySignatureException(Reason.WRONG_KEY, "signed by key " + SigningKeys.shortId(signature.keyId())
                    + ", but this agent trusts only key " + SigningKeys.shortId(pinnedKeyId)
                    + " (pinned at enrollment); a re-keyed console needs its agents re-enrolled", null);
        }
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature.value());
        } catch (IllegalArgumentException e) {
            throw new PolicySignatureException(Reason.MALFORMED, "signature.value is not valid base64", e);
        }
        byte[] message;
        try {
            message = PolicySigner.signedBytes(signed.policy());
        } catch (ProtocolException e) {
            throw new PolicySignatureException(Reason.MALFORMED, "the policy has no canonical form: " + e.getMessage(), e);
        }
        if (!signatureMatches(message, signatureBytes)) {
            throw new PolicySignatureException(Reason.BAD_SIGNATURE, "the signature does not match the policy:"
                    + " the document was altered after it was signed", null);
        }
        try {
            Policy policy = ProtocolJson.fromTree(signed.policy(), Policy.class);
            return new VerifiedPolicy(policy, signature.keyId(), new String(signedJson, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw new PolicySignatureException(Reason.INVALID_POLICY, "the signed policy is not valid: " + e.getMessage(), e);
        }
    }

    private boolean signatureMatches(byte[] message, byte[] signatureBytes) {
        try {
            Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
            verifier.initVerify(pinnedKey);
            verifier.update(message);
            return verifier.verify(signatureBytes);
        } catch (java.security.SignatureException e) {
            return false; // a signature of the wrong length or shape simply does not match
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification is unavailable", e);
        }
    }
}

package io.mamori.protocol.signing;

/**
 * A signed policy was refused. The agent keeps enforcing its last good policy and reports the
 * {@link #reason()} and message to the console.
 */
public final class PolicySignatureException extends Exception {

    /** Why a signed policy was refused. */
    public enum Reason {
        /** Not a signed policy document at all (not JSON, parts missing, bad base64, …). */
        MALFORMED,
        /** Signed with an algorithm this build does not accept. */
        UNSUPPORTED_ALGORITHM,
        /** Signed by a key other than the one pinned at enrollment. */
        WRONG_KEY,
        /** The signature does not match the document: it was altered after signing. */
        BAD_SIGNATURE,
        /** The signature is good but the policy inside breaks the policy rules. */
        INVALID_POLICY
    }

    private final Reason reason;

    public PolicySignatureException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

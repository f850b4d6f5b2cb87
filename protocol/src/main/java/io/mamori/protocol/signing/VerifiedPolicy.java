package io.mamori.protocol.signing;

import io.mamori.protocol.policy.Policy;

/**
 * A policy whose signature verified against the pinned key, with the document as received so it
 * can be stored and re-verified later.
 *
 * @param policy       the policy
 * @param keyId        the key that signed it
 * @param signedJson   the signed document exactly as received
 */
public record VerifiedPolicy(Policy policy, String keyId, String signedJson) {
}

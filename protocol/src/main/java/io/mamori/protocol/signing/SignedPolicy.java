package io.mamori.protocol.signing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;

/**
 * A policy document as it travels from console to agent: the policy exactly as signed (kept as a
 * JSON tree, so fields a newer console added are covered by the signature too) and its signature.
 *
 * @param policy    the policy document
 * @param signature the Ed25519 signature over the policy's canonical form
 */
public record SignedPolicy(
        @JsonProperty(required = true) JsonNode policy,
        @JsonProperty(required = true) PolicySignature signature) {

    public SignedPolicy {
        Fields.required(policy, "policy");
        if (!policy.isObject()) {
            throw new InvalidFieldException("policy", "must be an object");
        }
        Fields.required(signature, "signature");
    }
}

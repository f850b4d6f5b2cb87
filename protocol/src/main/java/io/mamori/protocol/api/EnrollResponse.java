package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.Fields;

/**
 * The console's answer to a good enrollment. The agent keeps the secret with owner-only
 * permissions and pins the console's public key: from now on it only accepts policy signed with
 * that key. The console keeps only a hash of the secret.
 *
 * @param agentId          the agent's new identity
 * @param agentSecret      the bearer secret for every later call
 * @param consolePublicKey the console's Ed25519 policy key, base64 of its X.509 encoding
 * @param consoleKeyId     that key's fingerprint (see {@code SigningKeys#keyId})
 */
public record EnrollResponse(
        @JsonProperty(required = true) AgentId agentId,
        @JsonProperty(required = true) String agentSecret,
        @JsonProperty(required = true) String consolePublicKey,
        @JsonProperty(required = true) String consoleKeyId) {

    public EnrollResponse {
        Fields.required(agentId, "agentId");
        Fields.requiredText(agentSecret, "agentSecret", 256);
        Fields.requiredText(consolePublicKey, "consolePublicKey", 1024);
        Fields.requiredText(consoleKeyId, "consoleKeyId", 128);
    }

    /** The secret is a secret: never print it. */
    @Override
    public String toString() {
        return "EnrollResponse[agentId=" + agentId + ", consoleKeyId=" + consoleKeyId + ", agentSecret=<redacted>]";
    }
}

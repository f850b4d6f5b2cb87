package io.mamori.protocol.signing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;

/**
 * The signature part of a signed policy.
 *
 * @param algorithm always {@code Ed25519} in protocol version 1
 * @param keyId     the signing key's id ({@link SigningKeys#keyId})
 * @param value     the signature, base64
 */
public record PolicySignature(
        @JsonProperty(required = true) String algorithm,
        @JsonProperty(required = true) String keyId,
        @JsonProperty(required = true) String value) {

    public PolicySignature {
        Fields.requiredText(algorithm, "algorithm", 32);
        Fields.requiredText(keyId, "keyId", 128);
        Fields.requiredText(value, "value", 512);
    }
}

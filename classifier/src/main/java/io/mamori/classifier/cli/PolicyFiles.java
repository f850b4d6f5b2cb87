package io.mamori.classifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.CustomDetectorSpec;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the custom detectors of a policy file for {@code mamori scan --policy}: a policy document
 * or a signed one (the signature is not checked here — the scanner enforces nothing; the agent
 * verifies before it enforces).
 */
final class PolicyFiles {

    private PolicyFiles() {
    }

    static List<CustomDetectorSpec> customDetectors(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            JsonNode tree = ProtocolJson.readTree(bytes);
            JsonNode policy = tree.has("policy") && tree.has("signature") ? tree.get("policy") : tree;
            return ProtocolJson.fromTree(policy, Policy.class).customDetectors();
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

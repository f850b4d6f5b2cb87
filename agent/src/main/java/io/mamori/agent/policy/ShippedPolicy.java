package io.mamori.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The policy a package ships ({@code <prefix>/policy/default.json}, the console's own default as a
 * draft): what the agent enforces while it has no policy from its console — before its first
 * policy arrives, and all the while an enrollment asked for at install has not succeeded. It is
 * not signed: it is trusted as the package's own files are (root-owned, under the install
 * prefix). A draft may leave out name, version and time; they are filled in as "shipped", 1 and
 * the file's time.
 */
public final class ShippedPolicy {

    /** Shipped policies are small; a file larger than this is not one. */
    static final long MAX_BYTES = 1 << 20;

    private ShippedPolicy() {
    }

    /** The shipped policy is missing, unreadable or not a valid policy: the agent does not start on a broken package. */
    public static final class Unusable extends Exception {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Policy read(Path file) throws Unusable {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new Unusable(file + " is " + size + " bytes; a policy is at most " + MAX_BYTES, null);
            }
            JsonNode tree = ProtocolJson.readTree(Files.readAllBytes(file));
            if (!(tree instanceof ObjectNode draft)) {
                throw new Unusable(file + " is not a JSON object", null);
            }
            if (!draft.hasNonNull("name")) {
                draft.put("name", "shipped");
            }
            if (!draft.hasNonNull("version")) {
                draft.put("version", 1);
            }
            if (!draft.hasNonNull("issuedAt")) {
                draft.put("issuedAt", Files.getLastModifiedTime(file).toInstant().toString());
            }
            return ProtocolJson.fromTree(draft, Policy.class);
        } catch (IOException | RuntimeException e) {
            throw new Unusable("the shipped policy " + file + " cannot be used: " + e.getMessage(), e);
        }
    }
}

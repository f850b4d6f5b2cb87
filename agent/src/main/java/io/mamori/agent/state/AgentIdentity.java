package io.mamori.agent.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.Fields;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who this agent is to its console, as enrollment made it: the agent id and secret, the console's
 * address, the policy key pinned at enrollment and, for a self-signed console, the pinned
 * certificate fingerprint. Kept in {@code identity.json}, owner-only; {@link #toString()} never
 * shows the secret.
 */
public record AgentIdentity(
        @JsonProperty(required = true) AgentId agentId,
        @JsonProperty(required = true) String agentSecret,
        @JsonProperty(required = true) URI consoleUrl,
        @JsonProperty(required = true) String consolePublicKey,
        @JsonProperty(required = true) String consoleKeyId,
        String tlsFingerprint,
        @JsonProperty(required = true) String hostname,
        @JsonProperty(required = true) Instant enrolledAt) {

    public AgentIdentity {
        Fields.required(agentId, "agentId");
        Fields.requiredText(agentSecret, "agentSecret", 256);
        Fields.required(consoleUrl, "consoleUrl");
        Fields.requiredText(consolePublicKey, "consolePublicKey", 1024);
        Fields.requiredText(consoleKeyId, "consoleKeyId", 64);
        Fields.optionalSha256(tlsFingerprint, "tlsFingerprint");
        Fields.requiredText(hostname, "hostname", 255);
        Fields.required(enrolledAt, "enrolledAt");
    }

    public static Optional<AgentIdentity> load(StateDirectory state) throws IOException {
        Path file = state.identity();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(ProtocolJson.read(PrivateFiles.read(file), AgentIdentity.class));
    }

    public void save(StateDirectory state) throws IOException {
        PrivateFiles.write(state.identity(), ProtocolJson.writeBytes(this));
    }

    @Override
    public String toString() {
        return "AgentIdentity[" + agentId + " at " + consoleUrl + ", key " + consoleKeyId.substring(0, Math.min(16, consoleKeyId.length()))
                + ", secret=<redacted>]";
    }
}

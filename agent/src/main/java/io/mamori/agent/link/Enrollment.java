package io.mamori.agent.link;

import io.mamori.agent.AgentVersion;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.platform.Platform;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.EnrollResponse;
import io.mamori.protocol.signing.SigningKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Trading an enrollment token for this agent's identity: asks the console, checks the key it
 * sends against the id it names, keeps the identity and makes the agent's own signing key. Used by
 * {@code mamori agent enroll} and by an agent that runs on the shipped policy until an enrollment
 * asked for at install succeeds ({@link PendingEnrollment}).
 */
public final class Enrollment {

    private Enrollment() {
    }

    /** What enrolling needs, checked. */
    public record Request(URI console, String token, String tlsFingerprint, String hostname, AgentId agentId) {
        public Request {
            if (console == null || !"https".equalsIgnoreCase(console.getScheme()) || console.getHost() == null) {
                throw new IllegalArgumentException("the console must be an https:// address (was " + console + ")");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("no enrollment token");
            }
            if (tlsFingerprint != null && !tlsFingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("the fingerprint must be 64 hexadecimal digits (SHA-256)");
            }
        }

        public static Request of(PendingEnrollment pending) {
            return new Request(pending.consoleUrl(), pending.token(), pending.tlsFingerprint(), pending.hostname(),
                    pending.agentId());
        }

        /** A fingerprint as people write it ({@code AB:CD:…} or hex), as the pin compares it; null stays null. */
        public static String pin(String fingerprint) {
            return fingerprint == null ? null : fingerprint.replace(":", "").strip().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return "Enrollment.Request[" + console + ", " + hostname + ", token=<redacted>]";
        }
    }

    /** The console's key did not match the id it sent: nothing was kept. */
    public static final class KeyMismatch extends Exception {
        KeyMismatch() {
            super("the console's key does not match the key id it sent");
        }
    }

    /**
     * Enrolls and keeps the identity (and removes a pending enrollment, which this one completes).
     *
     * @throws ConsoleException the console could not be reached, refused the token or the id, or was not trusted
     */
    public static AgentIdentity enroll(StateDirectory state, Request request, Path caFile, Duration timeout, Clock clock)
            throws IOException, ConsoleException, KeyMismatch {
        ConsoleClient client = ConsoleClient.forEnrollment(request.console(), request.tlsFingerprint(), caFile, timeout);
        EnrollResponse enrolled = client.enroll(new EnrollRequest(request.token(), request.hostname(), Platform.osFamily(),
                Platform.osDescription(), AgentVersion.current(), request.agentId()));
        String keyId = SigningKeys.keyId(SigningKeys.decodePublicKey(enrolled.consolePublicKey()));
        if (!keyId.equals(enrolled.consoleKeyId())) {
            throw new KeyMismatch();
        }
        AgentIdentity identity = new AgentIdentity(enrolled.agentId(), enrolled.agentSecret(), request.console(),
                enrolled.consolePublicKey(), keyId, request.tlsFingerprint(), request.hostname(), clock.instant());
        identity.save(state);
        AgentKey.loadOrCreate(state);
        PendingEnrollment.delete(state);
        return identity;
    }
}

package io.mamori.agent.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.Fields;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * An enrollment the installer asked for that did not succeed (the console unreachable, the token
 * wrong, the fingerprint not the console's): what to try again, the id the agent chose for itself
 * meanwhile (so the events it records before it can enroll are its own) and how the last attempt
 * went, for {@code mamori agent status}. Kept in {@code pending-enrollment.json}, owner-only,
 * because it holds the enrollment token; deleted when the enrollment succeeds.
 *
 * @param consoleUrl    the console to enroll with
 * @param token         the enrollment token (a secret: {@link #toString()} never shows it)
 * @param tlsFingerprint the console certificate's SHA-256 to pin, if one was given
 * @param hostname      the name this machine enrolls under
 * @param agentId       the id the agent uses until, and after, it is enrolled
 * @param since         when the installer asked
 * @param attempts      how many attempts failed
 * @param lastAttemptAt when the last one was
 * @param lastFailure   why it failed (never containing the token)
 * @param unusable      why these parameters can never work (a console address that is not https, a
 *                      fingerprint that is not a SHA-256), so nothing is tried until someone enrolls
 *                      the agent by hand; null when they may work
 */
public record PendingEnrollment(
        @JsonProperty(required = true) URI consoleUrl,
        @JsonProperty(required = true) String token,
        String tlsFingerprint,
        @JsonProperty(required = true) String hostname,
        @JsonProperty(required = true) AgentId agentId,
        @JsonProperty(required = true) Instant since,
        int attempts,
        Instant lastAttemptAt,
        String lastFailure,
        String unusable) {

    public PendingEnrollment {
        Fields.required(consoleUrl, "consoleUrl");
        Fields.requiredText(token, "token", 256);
        Fields.optionalSha256(tlsFingerprint, "tlsFingerprint"); // a given one that is not is kept as unusable, not here
        Fields.requiredText(hostname, "hostname", 255);
        Fields.required(agentId, "agentId");
        Fields.required(since, "since");
        Fields.nonNegative(attempts, "attempts");
        Fields.optionalText(lastFailure, "lastFailure", 2000);
        Fields.optionalText(unusable, "unusable", 2000);
    }

    public static Optional<PendingEnrollment> load(StateDirectory state) throws IOException {
        if (!Files.exists(state.pendingEnrollment())) {
            return Optional.empty();
        }
        return Optional.of(ProtocolJson.read(PrivateFiles.read(state.pendingEnrollment()), PendingEnrollment.class));
    }

    public void save(StateDirectory state) throws IOException {
        PrivateFiles.write(state.pendingEnrollment(), ProtocolJson.writeBytes(this));
    }

    public static void delete(StateDirectory state) throws IOException {
        Files.deleteIfExists(state.pendingEnrollment());
    }

    /** The same enrollment after one more failed attempt. */
    public PendingEnrollment failed(Instant at, String why) {
        String reason = why == null ? "unknown" : why.length() > 2000 ? why.substring(0, 2000) : why;
        return new PendingEnrollment(consoleUrl, token, tlsFingerprint, hostname, agentId, since, attempts + 1, at, reason,
                unusable);
    }

    @Override
    public String toString() {
        return "PendingEnrollment[" + agentId + " with " + consoleUrl + " since " + since + ", " + attempts
                + " failed attempts, token=<redacted>]";
    }
}

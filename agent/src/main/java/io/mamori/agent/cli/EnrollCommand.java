package io.mamori.agent.cli;

import static io.mamori.agent.cli.AgentCommand.MESSAGES;

import io.mamori.agent.cli.AgentCommand.Refusal;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.link.Enrollment;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.signing.SigningKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mamori agent enroll}: trades an enrollment token for this agent's identity. With
 * {@code --pending-on-failure} (what the packages run) a failed enrollment is kept for the running
 * agent to try again, which meanwhile enforces the shipped policy (exit 5; docs/agent.md).
 */
@Command(name = "enroll", mixinStandardHelpOptions = true)
final class EnrollCommand extends AgentCommand.Sub {
    @Option(names = "--console", required = true, descriptionKey = "console", paramLabel = "URL")
    URI console;

    @Option(names = "--token", descriptionKey = "token", paramLabel = "TOKEN")
    String token;

    @Option(names = "--token-file", descriptionKey = "token-file", paramLabel = "FILE")
    Path tokenFile;

    @Option(names = "--fingerprint", descriptionKey = "fingerprint", paramLabel = "SHA256")
    String fingerprint;

    @Option(names = "--hostname", descriptionKey = "hostname", paramLabel = "NAME")
    String hostname;

    @Option(names = "--pending-on-failure", descriptionKey = "pending-on-failure")
    boolean pendingOnFailure;

    /** Exit code of a failed enrollment that is kept to be tried again by the running agent. */
    static final int PENDING = 5;

    @Override
    int execute() throws Refusal, IOException {
        StateDirectory directory = state.open();
        var existing = AgentIdentity.load(directory);
        if (existing.isPresent()) {
            throw new Refusal(MESSAGES.get("error.already-enrolled", existing.get().agentId(), existing.get().consoleUrl(),
                    directory.identity()));
        }
        String value = token != null ? token
                : tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip()
                : System.getenv("MAMORI_ENROLL_TOKEN");
        if (value == null || value.isBlank()) {
            throw new Refusal(MESSAGES.get("error.no-token"));
        }
        AgentConfig config = AgentCommand.config(directory);
        String name = hostname != null ? hostname : InetAddress.getLocalHost().getHostName();
        // an agent that has been running on the shipped policy keeps the id its events carry
        Optional<PendingEnrollment> pending = PendingEnrollment.load(directory);
        AgentId id = pending.map(PendingEnrollment::agentId).orElseGet(() -> pendingOnFailure ? AgentId.random() : null);
        Enrollment.Request request;
        try {
            request = new Enrollment.Request(console, value, Enrollment.Request.pin(fingerprint), name, id);
        } catch (IllegalArgumentException e) {
            if (!pendingOnFailure) {
                throw new Refusal(MESSAGES.get("error.enroll", e.getMessage()));
            }
            // from an installer: the agent still runs, on the shipped policy, and says why it cannot enroll
            new PendingEnrollment(console, value, null, name, id, Instant.now(), 0, null, null, e.getMessage()).save(directory);
            System.err.println(MESSAGES.get("error.enroll-unusable", e.getMessage()));
            return PENDING;
        }
        try {
            AgentIdentity enrolled = Enrollment.enroll(directory, request, config.caFile(), config.requestTimeout(),
                    Clock.systemUTC());
            System.out.println(MESSAGES.get("enrolled", console, enrolled.agentId(), SigningKeys.shortId(enrolled.consoleKeyId())));
            return 0;
        } catch (ConsoleException | Enrollment.KeyMismatch e) {
            if (!pendingOnFailure) {
                System.err.println(MESSAGES.get("error.enroll", e.getMessage()));
                return 3;
            }
            Instant now = Instant.now();
            PendingEnrollment kept = pending.orElseGet(() -> new PendingEnrollment(console, value, null, name, id, now, 0, null,
                    null, null));
            new PendingEnrollment(console, value, request.tlsFingerprint(), name, kept.agentId(), kept.since(), kept.attempts(),
                    kept.lastAttemptAt(), kept.lastFailure(), null).failed(now, e.getMessage()).save(directory);
            System.err.println(MESSAGES.get("error.enroll-pending", e.getMessage(), console));
            return PENDING;
        }
    }
}

package io.mamori.agent.policy;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.secrets.PrivateFiles;
import io.mamori.protocol.signing.PolicySignatureException;
import io.mamori.protocol.signing.PolicyVerifier;
import io.mamori.protocol.signing.SigningKeys;
import io.mamori.protocol.signing.VerifiedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the policy in force: the last one that verified against the console key pinned at
 * enrollment, on disk ({@code policy.json}, as signed) so it survives restarts. A policy that does
 * not verify is refused (a {@code POLICY_REJECTED} event says why) and the last good one stays.
 */
public final class PolicyKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyKeeper.class);

    private final StateDirectory state;
    private final PolicyVerifier verifier;
    private final EventRecorder recorder;
    private final AgentEvents events;
    private volatile VerifiedPolicy current;
    private volatile String etag;

    public PolicyKeeper(StateDirectory state, String consolePublicKey, EventRecorder recorder, AgentEvents events) {
        this.state = state;
        this.verifier = new PolicyVerifier(SigningKeys.decodePublicKey(consolePublicKey));
        this.recorder = recorder;
        this.events = events;
    }

    /** Loads the policy kept on disk, if there is one and it still verifies. */
    public Optional<VerifiedPolicy> load() {
        if (!Files.exists(state.policy())) {
            return Optional.empty();
        }
        try {
            current = verifier.verify(PrivateFiles.read(state.policy()));
            LOG.info("enforcing policy '{}' version {} (kept from before)", current.policy().name(), current.policy().version());
        } catch (IOException | PolicySignatureException e) {
            LOG.error("the kept policy {} cannot be used ({}); waiting for the console's", state.policy(), e.getMessage());
            recorder.record(events.of(EventKind.POLICY_REJECTED, "the policy kept on disk was refused: " + e.getMessage()));
        }
        return Optional.ofNullable(current);
    }

    /** Fetches the console's policy if it changed; keeps it if it verifies. */
    public void refresh(ConsoleClient console) throws ConsoleException {
        Optional<ConsoleClient.FetchedPolicy> fetched = console.policy(current == null ? null : etag);
        if (fetched.isEmpty()) {
            return;
        }
        VerifiedPolicy verified;
        try {
            verified = verifier.verify(fetched.get().signedJson());
        } catch (PolicySignatureException e) {
            LOG.error("refused the console's policy ({}: {}); the last good policy stays in force", e.reason(), e.getMessage());
            recorder.record(events.of(EventKind.POLICY_REJECTED, e.reason() + ": " + e.getMessage()));
            return;
        }
        try {
            PrivateFiles.write(state.policy(), fetched.get().signedJson());
        } catch (IOException e) {
            LOG.error("cannot keep the new policy on disk ({}); enforcing it until the agent restarts", e.getMessage());
        }
        current = verified;
        etag = fetched.get().etag();
        LOG.info("enforcing policy '{}' version {}", verified.policy().name(), verified.policy().version());
        recorder.record(events.of(EventKind.POLICY_APPLIED, "policy " + verified.policy().name() + " version "
                + verified.policy().version()));
    }

    public Optional<VerifiedPolicy> current() {
        return Optional.ofNullable(current);
    }

    public long version() {
        VerifiedPolicy policy = current;
        return policy == null ? 0 : policy.policy().version();
    }
}

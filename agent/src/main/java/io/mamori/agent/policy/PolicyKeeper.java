package io.mamori.agent.policy;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.policy.Policy;
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
 * While there is none — before the first arrives, or while the agent is not enrolled yet — the
 * package's shipped policy ({@link ShippedPolicy}) is in force, if the agent was given one.
 */
public final class PolicyKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyKeeper.class);

    private final StateDirectory state;
    private final PolicyVerifier verifier; // null until enrolled
    private final Policy shipped; // null when the agent was given none
    private final EventRecorder recorder;
    private final AgentEvents events;
    private volatile VerifiedPolicy current;
    private volatile String etag;

    public PolicyKeeper(StateDirectory state, String consolePublicKey, EventRecorder recorder, AgentEvents events) {
        this(state, consolePublicKey, Optional.empty(), recorder, events);
    }

    /**
     * @param consolePublicKey the key pinned at enrollment; null for an agent not enrolled yet, which
     *                         enforces only the shipped policy and keeps nothing from a console
     * @param shipped          the package's shipped policy, if any
     */
    public PolicyKeeper(StateDirectory state, String consolePublicKey, Optional<Policy> shipped, EventRecorder recorder,
            AgentEvents events) {
        this.state = state;
        this.verifier = consolePublicKey == null ? null : new PolicyVerifier(SigningKeys.decodePublicKey(consolePublicKey));
        this.shipped = shipped.orElse(null);
        this.recorder = recorder;
        this.events = events;
    }

    /** Loads the policy kept on disk, if there is one and it still verifies. */
    public Optional<VerifiedPolicy> load() {
        if (verifier == null || !Files.exists(state.policy())) {
            if (current == null && shipped != null) {
                LOG.info("enforcing the shipped policy '{}' until the console's arrives", shipped.name());
            }
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
        if (verifier == null) {
            throw new IllegalStateException("an agent that is not enrolled has no console policy to fetch");
        }
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

    /** The console's policy in force, as verified; empty before the first (see {@link #inForce()}). */
    public Optional<VerifiedPolicy> current() {
        return Optional.ofNullable(current);
    }

    /** What the agent enforces: the console's policy, else the shipped one, else none (audit only). */
    public Optional<Policy> inForce() {
        VerifiedPolicy verified = current;
        return verified != null ? Optional.of(verified.policy()) : Optional.ofNullable(shipped);
    }

    /** Whether the shipped policy is what is in force now. */
    public boolean onShippedPolicy() {
        return current == null && shipped != null;
    }

    /** The console policy's version; 0 before the first (the shipped policy has none the console knows). */
    public long version() {
        VerifiedPolicy policy = current;
        return policy == null ? 0 : policy.policy().version();
    }
}

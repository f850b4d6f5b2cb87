package io.mamori.agent.service;

import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent a service manager runs: an enrolled {@link AgentService}, or — when the enrollment
 * asked for at install has not succeeded — one that enforces the shipped policy and tries again,
 * and is replaced by an enrolled one, in the same process, the moment it succeeds. {@code run} (Linux,
 * macOS) and {@code service} (Windows) both hold one of these.
 */
public final class RunningAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningAgent.class);

    private final StateDirectory state;
    private final AgentConfig config;
    private final Optional<Policy> shipped;
    private final Clock clock;
    private AgentService current;
    private boolean closed;

    private RunningAgent(StateDirectory state, AgentConfig config, Optional<Policy> shipped, Clock clock) {
        this.state = state;
        this.config = config;
        this.shipped = shipped;
        this.clock = clock;
    }

    /** Neither enrolled nor asked to enroll: the agent has nothing to run as. */
    public static final class NotEnrolled extends Exception {
        NotEnrolled() {
            super("not enrolled and no enrollment pending");
        }
    }

    /**
     * Starts the agent as enrolled if it is, else on the shipped policy if an enrollment is pending.
     *
     * @throws NotEnrolled neither
     */
    public static RunningAgent start(StateDirectory state, AgentConfig config, Optional<Policy> shipped, Clock clock)
            throws IOException, NotEnrolled {
        RunningAgent running = new RunningAgent(state, config, shipped, clock);
        Optional<AgentIdentity> identity = AgentIdentity.load(state);
        if (identity.isPresent()) {
            running.current = AgentService.start(state, identity.get(), config, shipped, clock);
            return running;
        }
        Optional<PendingEnrollment> pending = PendingEnrollment.load(state);
        if (pending.isEmpty()) {
            throw new NotEnrolled();
        }
        running.current = AgentService.startUnenrolled(state, pending.get(), config, shipped, clock, running::enrolled);
        return running;
    }

    /** The agent running now (it changes once, when a pending enrollment succeeds). */
    public synchronized AgentService current() {
        return current;
    }

    /** Called on the enrollment thread: the restart happens on a thread of its own, since stopping joins that one. */
    private void enrolled(AgentIdentity identity) {
        Thread restart = new Thread(() -> restartEnrolled(identity), "mamori-enrolled");
        restart.setDaemon(false);
        restart.start();
    }

    private synchronized void restartEnrolled(AgentIdentity identity) {
        if (closed) {
            return;
        }
        LOG.info("enrolled as {}: restarting as an enrolled agent", identity.agentId());
        current.stop();
        try {
            current = AgentService.start(state, identity, config, shipped, clock);
        } catch (IOException | RuntimeException e) {
            // the service manager restarts the process, which then starts enrolled
            LOG.error("could not start as an enrolled agent ({}); exiting so the service manager starts the agent again",
                    e.getMessage(), e);
            Runtime.getRuntime().halt(71);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.stop();
        }
    }
}

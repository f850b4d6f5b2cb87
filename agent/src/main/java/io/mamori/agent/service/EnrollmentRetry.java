package io.mamori.agent.service;

import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.link.Backoff;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.link.Enrollment;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of an agent whose enrollment at install did not succeed (in place of its heartbeats):
 * tries the kept enrollment again after {@link #FIRST}, doubling up to {@link #LAST}, notes each
 * failure in {@code pending-enrollment.json} for {@code status}, and hands the identity on when
 * one succeeds. Parameters that can never work are not tried at all.
 */
final class EnrollmentRetry {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentRetry.class);

    /** The first pause before the enrollment is tried again; it doubles up to {@link #LAST}. */
    static final Duration FIRST = Duration.ofSeconds(5);
    static final Duration LAST = Duration.ofHours(1);

    private final StateDirectory state;
    private final AgentConfig config;
    private final Clock clock;
    private final BooleanSupplier onShippedPolicy;
    private final Consumer<AgentIdentity> onEnrolled;

    EnrollmentRetry(StateDirectory state, AgentConfig config, Clock clock, BooleanSupplier onShippedPolicy,
            Consumer<AgentIdentity> onEnrolled) {
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.onShippedPolicy = onShippedPolicy;
        this.onEnrolled = onEnrolled;
    }

    /**
     * Runs until enrolled or stopped.
     *
     * @param sleep      sleeps, true when the agent is stopping
     * @param roundStart told when an attempt starts ({@code System.nanoTime()}) and ends (0), for the watchdog
     */
    void run(PendingEnrollment pending, Predicate<Duration> sleep, LongConsumer roundStart) {
        String meanwhile = onShippedPolicy.getAsBoolean() ? "the shipped policy" : "no policy (audit only)";
        if (pending.unusable() != null) {
            LOG.error("this agent cannot enroll with what it was given at install ({}); it enforces {} until it is enrolled"
                    + " by hand (mamori agent enroll)", pending.unusable(), meanwhile);
            while (!sleep.test(Duration.ofDays(1))) {
                // nothing to try; the agent keeps enforcing until it is stopped
            }
            return;
        }
        Backoff backoff = new Backoff(FIRST, LAST, new Random());
        PendingEnrollment attempt = pending;
        Duration wait = Duration.ZERO;
        while (!sleep.test(wait)) {
            roundStart.accept(System.nanoTime());
            String failure;
            Duration retryAfter = null;
            try {
                AgentIdentity identity = Enrollment.enroll(state, Enrollment.Request.of(attempt), config.caFile(),
                        config.requestTimeout(), clock);
                roundStart.accept(0);
                LOG.info("enrolled with {} as agent {} after {} failed attempts", identity.consoleUrl(), identity.agentId(),
                        attempt.attempts());
                onEnrolled.accept(identity);
                return;
            } catch (ConsoleException e) {
                failure = e.getMessage();
                retryAfter = e.retryAfter();
            } catch (Enrollment.KeyMismatch | IOException | IllegalArgumentException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                LOG.error("the enrollment attempt failed unexpectedly", e);
                failure = e.toString();
            }
            roundStart.accept(0);
            attempt = attempt.failed(clock.instant(), failure);
            try {
                attempt.save(state);
            } catch (IOException e) {
                LOG.warn("cannot note the failed enrollment attempt: {}", e.getMessage());
            }
            wait = backoff.next(retryAfter);
            LOG.warn("enrollment with {} failed ({}); enforcing {} meanwhile; next attempt in {} s", attempt.consoleUrl(),
                    failure, meanwhile, wait.toSeconds());
        }
    }
}

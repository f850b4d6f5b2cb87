package io.mamori.agent.copy;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.ExceptionScope;
import io.mamori.protocol.policy.OverrideReason;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The policy in force and the exceptions granted, as the copy guard asks them: what a device is
 * ({@link #device}), what a file is ({@link #file}). The decisions themselves are the pure
 * {@link PolicyEngine}'s; without a policy yet, everything is audited.
 */
final class CopyPolicy {

    private final Supplier<Optional<Policy>> policy;
    private final Function<Instant, List<ExceptionGrant>> exceptions;
    private final Clock clock;

    CopyPolicy(Supplier<Optional<Policy>> policy, Function<Instant, List<ExceptionGrant>> exceptions, Clock clock) {
        this.policy = policy;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    Optional<Policy> current() {
        return policy.get();
    }

    Instant now() {
        return clock.instant();
    }

    /** The device at this moment, with the exceptions in force now (read once per file). */
    Subject subject(DeviceIdentity device) {
        Instant now = clock.instant();
        return new Subject(device, Set.of(), exceptions.apply(now), now);
    }

    /** When the first device exception in force now ends; empty when none is in force. */
    Optional<Instant> nextDeviceExpiry() {
        Instant now = clock.instant();
        return exceptions.apply(now).stream().filter(grant -> grant.scope() == ExceptionScope.DEVICE)
                .map(ExceptionGrant::expiresAt).filter(now::isBefore).min(Instant::compareTo);
    }

    /** When the exception of this id ends; empty when it is not in force. */
    Optional<Instant> expiryOf(String exceptionId) {
        Instant now = clock.instant();
        return exceptions.apply(now).stream().filter(grant -> grant.id().equals(exceptionId)).map(ExceptionGrant::expiresAt)
                .findFirst();
    }

    /** The decision for a device being mounted. */
    Decision device(DeviceIdentity device) {
        Optional<Policy> inForce = policy.get();
        return inForce.isEmpty() ? auditOnly() : PolicyEngine.decideDevice(inForce.get(), subject(device));
    }

    /** The decision for a file's content, under the policy read at the start of its decision. */
    static Decision file(Optional<Policy> inForce, Subject subject, ClassificationSummary summary, String sha256) {
        return inForce.isEmpty() ? auditOnly() : PolicyEngine.decideFile(inForce.get(), subject, summary, sha256);
    }

    /** The reasons the administrator offers for continuing a held copy. */
    List<OverrideReason> overrideReasons() {
        return policy.get().map(Policy::overrideReasons).orElse(List.of());
    }

    static int overrideTimeoutSeconds(Optional<Policy> inForce) {
        return inForce.map(Policy::overrideTimeoutSeconds).orElse(Policy.DEFAULT_OVERRIDE_TIMEOUT_SECONDS);
    }

    /** Actions that take the file off the device (held or blocked). */
    static boolean quarantines(Action action) {
        return action == Action.BLOCK || action == Action.WARN_OVERRIDE;
    }

    private static Decision auditOnly() {
        return new Decision(Action.AUDIT, List.of(), null, false, 0);
    }
}

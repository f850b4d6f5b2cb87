package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notifier;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the employee is told (held copies are asked, by {@link HeldCopies}): once per device mounted,
 * with how many of their indexed files the policy would stop there; once per copy operation and
 * action for warned or blocked files, when the copy has ended — never per file. A notice that
 * cannot be delivered is logged; it never stops a decision.
 */
final class CopyNotices {

    private static final Logger LOG = LoggerFactory.getLogger(CopyNotices.class);

    /** The files of one copy operation with one action, told about once the copy has ended. */
    private record Key(UUID operationId, Action action) {
    }

    private final Notifier notifier;
    private final CopyPolicy policy;
    private final PreCopyCount preCopy;
    private final CopyOperations operations;
    private final CopyThreads threads;
    private final Map<Key, CopyTally> tallies = new ConcurrentHashMap<>();
    private final DeviceAsks asks;

    /** How long the offer to ask for a restricted device stays open on the screen. */
    static final java.time.Duration OFFER_OPEN = java.time.Duration.ofMinutes(10);

    CopyNotices(Notifier notifier, CopyPolicy policy, PreCopyCount preCopy, CopyOperations operations, CopyThreads threads,
            DeviceAsks asks) {
        this.notifier = notifier;
        this.policy = policy;
        this.preCopy = preCopy;
        this.operations = operations;
        this.threads = threads;
        this.asks = asks;
    }

    /**
     * The notice on mount; on a device files can be written to, with how many of each person's
     * indexed files the policy would stop there (counted off the caller's thread: the index may be large).
     */
    void mounted(DeviceIdentity device, Decision decision) {
        Optional<Policy> inForce = policy.current();
        if (inForce.isEmpty() || decision.action() == Action.READ_ONLY || decision.action() == Action.DENY) {
            tell(new Notice.DeviceMounted(device, decision.action(), decision.deviceApproved(), Map.of()));
            if (decision.action() == Action.READ_ONLY || decision.action() == Action.DENY) {
                offerRequest(device, decision.action());
            }
            return;
        }
        threads.soon(() -> {
            Map<Long, Integer> wouldStop = Map.of();
            try {
                Subject subject = policy.subject(device);
                wouldStop = preCopy.byOwner((summary, sha256) -> CopyPolicy.quarantines(PolicyEngine.decideFile(inForce.get(),
                        subject, summary, sha256).action()));
            } catch (RuntimeException e) {
                LOG.warn("could not count the indexed files the policy would stop on {}: {}", device.shortName(), e.getMessage());
            }
            tell(new Notice.DeviceMounted(device, decision.action(), decision.deviceApproved(), wouldStop));
        });
    }

    /** Offers the person at the screen to ask for the device (issue 23); what they ask goes to {@link DeviceAsks}. */
    private void offerRequest(DeviceIdentity device, Action action) {
        java.util.List<io.mamori.protocol.policy.OverrideReason> reasons = policy.overrideReasons();
        if (reasons.isEmpty()) {
            return; // the policy offers no reason to give: nothing could be asked
        }
        try {
            notifier.offerRequest(new io.mamori.agent.notify.RequestOffer(device, action, reasons, policy.now().plus(OFFER_OPEN)))
                    .thenAccept(asked -> asked.ifPresent(a -> {
                        try {
                            asks.asked(device, a);
                        } catch (RuntimeException e) {
                            LOG.warn("the request of {} for {} could not be kept: {}", a.user(), device.shortName(), e.getMessage());
                        }
                    }));
        } catch (RuntimeException e) {
            LOG.warn("could not offer a request for {}: {}", device.shortName(), e.getMessage());
        }
    }

    /** A mounted device's decision changed (an exception granted or ended, a new policy). */
    void changed(Notice.DeviceChanged notice) {
        tell(notice);
    }

    /** Counts a warned or blocked file towards its copy's notice. */
    void tally(UUID operationId, FileActivity.FileWritten written, Action action, ClassificationSummary summary) {
        Key key = new Key(operationId, action);
        boolean first;
        synchronized (tallies) {
            first = !tallies.containsKey(key);
            tallies.computeIfAbsent(key, k -> new CopyTally(written)).add(summary);
        }
        if (first) {
            threads.after(operations.gap(), () -> tellCopy(key));
        }
    }

    /** One notice per copy operation and action, when the copy has ended (files still coming: later). */
    private void tellCopy(Key key) {
        if (!operations.ended(key.operationId(), policy.now())) {
            threads.after(operations.gap(), () -> tellCopy(key));
            return;
        }
        CopyTally tally;
        synchronized (tallies) {
            tally = tallies.remove(key);
        }
        if (tally != null) {
            tell(new Notice.Copy(key.operationId(), tally.device, key.action(), tally.files, tally.findings, tally.uid));
        }
    }

    private void tell(Notice notice) {
        try {
            notifier.tell(notice);
        } catch (RuntimeException e) {
            LOG.warn("could not tell the employee ({}): {}", notice.key(), e.getMessage());
        }
    }
}

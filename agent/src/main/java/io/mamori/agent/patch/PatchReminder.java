package io.mamori.agent.patch;

import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notice.PatchBehind.PatchAction;
import io.mamori.agent.notify.Notifier;
import io.mamori.protocol.patch.PatchCompliance;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.patch.PatchThresholds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the people at this machine, at most once a day, when a measurement shows it out of patch
 * compliance — decided with the console's own rules ({@link PatchCompliance}) against the policy's
 * {@code patch} thresholds, so the employee and the administrator see the same verdict. Only a
 * {@code NON_COMPLIANT} verdict is told (a warning is the administrator's). When it was last told
 * is kept by {@code told} (the operation log's file), so a restarting agent does not tell again.
 */
public final class PatchReminder implements Consumer<PatchStatus> {

    private static final Logger LOG = LoggerFactory.getLogger(PatchReminder.class);
    static final Duration AT_MOST_EVERY = Duration.ofDays(1);

    /** Where the time of the last notice is kept. */
    public interface LastTold {
        Optional<Instant> get();

        void set(Instant when);
    }

    private final Supplier<PatchThresholds> thresholds;
    private final Notifier notifier;
    private final LastTold told;
    private final Clock clock;

    public PatchReminder(Supplier<PatchThresholds> thresholds, Notifier notifier, LastTold told, Clock clock) {
        this.thresholds = thresholds;
        this.notifier = notifier;
        this.told = told;
        this.clock = clock;
    }

    @Override
    public void accept(PatchStatus status) {
        Instant now = clock.instant();
        Optional<Notice.PatchBehind> notice = notice(PatchCompliance.evaluate(status, thresholds.get(), now), status);
        if (notice.isEmpty()) {
            return;
        }
        Optional<Instant> last = told.get();
        if (last.isPresent() && Duration.between(last.get(), now).compareTo(AT_MOST_EVERY) < 0) {
            LOG.debug("out of patch compliance; told at {} already", last.get());
            return;
        }
        told.set(now);
        notifier.tell(notice.get());
    }

    /** What to tell for a verdict: the first thing to do, updates before a restart before an OS upgrade. */
    static Optional<Notice.PatchBehind> notice(PatchCompliance.Result result, PatchStatus status) {
        if (result.verdict() != PatchCompliance.Verdict.NON_COMPLIANT) {
            return Optional.empty();
        }
        PatchAction action = null;
        long days = 0;
        for (PatchCompliance.Reason reason : result.reasons()) {
            if (reason.verdict() != PatchCompliance.Verdict.NON_COMPLIANT) {
                continue;
            }
            PatchAction wanted = switch (reason.key()) {
                case "patch.reason.pendingSecurity", "patch.reason.daysSinceSecurityUpdate" -> PatchAction.INSTALL_UPDATES;
                case "patch.reason.rebootPending" -> PatchAction.RESTART;
                case "patch.reason.osBuild" -> PatchAction.UPGRADE_OS;
                default -> null;
            };
            if (wanted != null && (action == null || wanted.ordinal() < action.ordinal())) {
                action = wanted;
                days = reason.key().equals("patch.reason.pendingSecurity") || reason.key().equals("patch.reason.osBuild") ? 0
                        : ((Number) reason.values().get(0)).longValue();
            }
        }
        return action == null ? Optional.empty()
                : Optional.of(new Notice.PatchBehind(action, status.pendingSecurityUpdates(), days));
    }
}

package io.mamori.protocol.patch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a machine's reported patch level meets its policy's thresholds. Non-compliant: a
 * threshold is exceeded. Warning: within a fifth of a threshold, a restart waiting, any security
 * update waiting under a "none pending" threshold's edge, or a report older than a week. Unknown:
 * no report, or the probe could not read the patch state. Each finding comes with a reason key
 * (texts {@code patch.reason.*}) and the numbers behind it.
 */
public final class PatchCompliance {

    /** The verdicts, worst last. */
    public enum Verdict { COMPLIANT, UNKNOWN, WARNING, NON_COMPLIANT }

    /** Why: a text key and its values. */
    public record Reason(String key, Verdict verdict, List<Object> values) {
    }

    /** The verdict and the reasons for it (empty when compliant). */
    public record Result(Verdict verdict, List<Reason> reasons) {
    }

    public static final Duration STALE = Duration.ofDays(7);

    private PatchCompliance() {
    }

    public static Result evaluate(PatchStatus status, PatchThresholds thresholds, Instant now) {
        if (status == null) {
            return new Result(Verdict.UNKNOWN, List.of(new Reason("patch.reason.notReported", Verdict.UNKNOWN, List.of())));
        }
        if (status.error() != null) {
            return new Result(Verdict.UNKNOWN, List.of(new Reason("patch.reason.probeFailed", Verdict.UNKNOWN,
                    List.of(status.error()))));
        }
        List<Reason> reasons = new ArrayList<>();
        PatchThresholds limits = thresholds == null ? PatchThresholds.none() : thresholds;
        if (limits.maxPendingSecurityUpdates() != null) {
            int max = limits.maxPendingSecurityUpdates();
            int pending = status.pendingSecurityUpdates();
            if (pending > max) {
                reasons.add(new Reason("patch.reason.pendingSecurity", Verdict.NON_COMPLIANT, List.of(pending, max)));
            } else if (pending > 0 && pending >= max) {
                reasons.add(new Reason("patch.reason.pendingSecurityAtLimit", Verdict.WARNING, List.of(pending, max)));
            }
        }
        if (limits.maxDaysSinceSecurityUpdate() != null) {
            int max = limits.maxDaysSinceSecurityUpdate();
            if (status.lastSecurityUpdateAt() == null) {
                if (status.pendingSecurityUpdates() > 0) {
                    reasons.add(new Reason("patch.reason.noSecurityUpdateKnown", Verdict.WARNING, List.of(max)));
                }
            } else {
                long days = Duration.between(status.lastSecurityUpdateAt(), now).toDays();
                if (days > max) {
                    reasons.add(new Reason("patch.reason.daysSinceSecurityUpdate", Verdict.NON_COMPLIANT, List.of(days, max)));
                } else if (days * 5 > max * 4L && status.pendingSecurityUpdates() > 0) {
                    reasons.add(new Reason("patch.reason.daysSinceSecurityUpdateNear", Verdict.WARNING, List.of(days, max)));
                }
            }
        }
        if (status.rebootRequired()) {
            Integer max = limits.maxRebootPendingDays();
            long days = status.rebootRequiredSince() == null ? 0 : Duration.between(status.rebootRequiredSince(), now).toDays();
            if (max != null && days > max) {
                reasons.add(new Reason("patch.reason.rebootPending", Verdict.NON_COMPLIANT, List.of(days, max)));
            } else {
                reasons.add(new Reason("patch.reason.rebootRequired", Verdict.WARNING, List.of(days)));
            }
        }
        String minimum = limits.minimumOsBuild().get(status.osFamily());
        if (minimum != null && status.osBuild() != null && compareBuilds(status.osBuild(), minimum) < 0) {
            reasons.add(new Reason("patch.reason.osBuild", Verdict.NON_COMPLIANT, List.of(status.osBuild(), minimum)));
        }
        if (status.collectedAt().isBefore(now.minus(STALE))) {
            reasons.add(new Reason("patch.reason.stale", Verdict.WARNING,
                    List.of(Duration.between(status.collectedAt(), now).toDays())));
        }
        Verdict verdict = Verdict.COMPLIANT;
        for (Reason reason : reasons) {
            if (reason.verdict().compareTo(verdict) > 0) {
                verdict = reason.verdict();
            }
        }
        return new Result(verdict, List.copyOf(reasons));
    }

    /**
     * Compares version or build strings by their numeric parts ("10.0.22631.4317" vs
     * "10.0.19045", "14.6.1", "12.7"); non-numeric text between them is ignored.
     */
    public static int compareBuilds(String a, String b) {
        String[] left = a.split("[^0-9]+");
        String[] right = b.split("[^0-9]+");
        List<Long> l = numbers(left);
        List<Long> r = numbers(right);
        for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
            long x = i < l.size() ? l.get(i) : 0;
            long y = i < r.size() ? r.get(i) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    private static List<Long> numbers(String[] parts) {
        List<Long> numbers = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                try {
                    numbers.add(Long.parseLong(part.length() > 18 ? part.substring(0, 18) : part));
                } catch (NumberFormatException e) {
                    numbers.add(0L);
                }
            }
        }
        return numbers;
    }
}

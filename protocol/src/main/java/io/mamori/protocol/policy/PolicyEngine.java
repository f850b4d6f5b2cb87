package io.mamori.protocol.policy;

import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.finding.ClassificationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides what to do with a mounted device or a written file. A pure function of its arguments:
 * no I/O, no clock, no state. It lives in the protocol module because the agent enforces with it
 * and the console previews policy changes with it, and the two must never disagree.
 *
 * <p>Every enabled rule of the right scope is tested; the strongest action among those that
 * match wins, and all of them are reported. For files, a "could not inspect" status raises the
 * result to at least the policy's floor for that status.
 */
public final class PolicyEngine {

    private PolicyEngine() {
    }

    /** The device-level decision when a removable device is mounted. */
    public static Decision decideDevice(Policy policy, Subject subject) {
        Approval approval = approval(policy, subject);
        List<String> matched = new ArrayList<>();
        Action action = Action.ALLOW;
        for (Rule rule : policy.rules()) {
            if (rule.disabled() || rule.scope() != RuleScope.DEVICE) {
                continue;
            }
            if (subjectMatches(rule.when(), subject, approval.approved)) {
                matched.add(rule.id());
                action = Action.strongest(action, rule.action());
            }
        }
        return new Decision(action, matched, approval.exceptionId, approval.approved, policy.version());
    }

    /** The decision for one file written to a removable device. */
    public static Decision decideFile(Policy policy, Subject subject, ClassificationSummary classification,
            String contentSha256) {
        Approval approval = approval(policy, subject);
        if (contentSha256 != null) {
            for (ExceptionGrant grant : subject.exceptions()) {
                if (grant.allowsFile(contentSha256, subject.device(), subject.now())) {
                    return new Decision(Action.ALLOW, List.of(), grant.id(), approval.approved, policy.version());
                }
            }
        }
        List<String> matched = new ArrayList<>();
        Action strongest = null;
        for (Rule rule : policy.rules()) {
            if (rule.disabled() || rule.scope() != RuleScope.FILE) {
                continue;
            }
            RuleCondition when = rule.when();
            if (subjectMatches(when, subject, approval.approved) && contentMatches(when, classification)) {
                matched.add(rule.id());
                strongest = strongest == null ? rule.action() : Action.strongest(strongest, rule.action());
            }
        }
        Action action = strongest == null ? policy.defaultFileAction() : strongest;
        action = Action.strongest(action, policy.uninspectable().floorFor(classification.status()));
        return new Decision(action, matched, approval.exceptionId, approval.approved, policy.version());
    }

    private record Approval(boolean approved, String exceptionId) {
    }

    private static Approval approval(Policy policy, Subject subject) {
        for (DeviceMatcher entry : policy.deviceAllowList()) {
            if (entry.matches(subject.device())) {
                return new Approval(true, null);
            }
        }
        for (ExceptionGrant grant : subject.exceptions()) {
            if (grant.approvesDevice(subject.device(), subject.now())) {
                return new Approval(true, grant.id());
            }
        }
        return new Approval(false, null);
    }

    private static boolean subjectMatches(RuleCondition when, Subject subject, boolean approved) {
        if (!when.deviceClasses().isEmpty() && !when.deviceClasses().contains(subject.device().deviceClass())) {
            return false;
        }
        if (when.approvedDevice() != null && when.approvedDevice() != approved) {
            return false;
        }
        return when.userGroups().isEmpty() || intersects(when.userGroups(), subject.userGroups());
    }

    private static boolean contentMatches(RuleCondition when, ClassificationSummary classification) {
        if (!when.inspection().isEmpty() && !when.inspection().contains(classification.status())) {
            return false;
        }
        if (!when.reportable().isEmpty() && !intersects(when.reportable(), classification.reportable())) {
            return false;
        }
        if (when.minPeople() != null && classification.people() < when.minPeople()) {
            return false;
        }
        if (when.findings().isEmpty()) {
            return true;
        }
        for (FindingCriterion criterion : when.findings()) {
            if (criterion.isMetBy(classification)) {
                return true;
            }
        }
        return false;
    }

    private static <T> boolean intersects(Set<T> a, Set<T> b) {
        for (T element : a) {
            if (b.contains(element)) {
                return true;
            }
        }
        return false;
    }
}

package io.mamori.protocol.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.Samples;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PolicyEngineTest {

    static final Instant NOW = Samples.T0;
    static final String SHA = Samples.SHA;
    static final DeviceIdentity APPROVED = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "AAA111",
            null, null, null, null, 0);
    static final DeviceIdentity STRANGER = new DeviceIdentity(DeviceClass.USB_STORAGE, "abcd", "1234", "ZZZ999",
            null, null, null, null, 0);
    static final DeviceIdentity SD_CARD = new DeviceIdentity(DeviceClass.SD_CARD, null, null, null, null, null,
            "1111-2222", null, 0);

    static ClassificationSummary findings(FindingType type, Confidence confidence, int count) {
        return new ClassificationSummary(InspectionStatus.OK, null, "text/plain",
                List.of(new FindingSummary(type, confidence, count, List.of())), count, Set.of());
    }

    static final ClassificationSummary CLEAN = ClassificationSummary.clean("text/plain");

    /** A small policy builder: tests read as the policy they evaluate. */
    static final class PolicyBuilder {
        final List<Rule> rules = new ArrayList<>();
        final List<DeviceMatcher> allow = new ArrayList<>();
        Action defaultAction = Action.ALLOW;
        UninspectableHandling uninspectable = new UninspectableHandling(Action.AUDIT, Map.of());

        PolicyBuilder rule(String id, RuleScope scope, RuleCondition when, Action action) {
            rules.add(new Rule(id, null, scope, when, action, false));
            return this;
        }

        PolicyBuilder disabledRule(String id, RuleScope scope, RuleCondition when, Action action) {
            rules.add(new Rule(id, null, scope, when, action, true));
            return this;
        }

        PolicyBuilder fileRule(String id, RuleCondition when, Action action) {
            return rule(id, RuleScope.FILE, when, action);
        }

        PolicyBuilder deviceRule(String id, RuleCondition when, Action action) {
            return rule(id, RuleScope.DEVICE, when, action);
        }

        PolicyBuilder allow(DeviceMatcher matcher) {
            allow.add(matcher);
            return this;
        }

        Policy build() {
            List<OverrideReason> reasons = List.of(new OverrideReason("business", new LocalizedText("業務上必要", "Business"), false));
            return new Policy(1, "test", 3, NOW, null, defaultAction, rules, allow, uninspectable, List.of(), reasons,
                    null, null, null, null);
        }
    }

    static RuleCondition when() {
        return RuleCondition.always();
    }

    static RuleCondition atLeast(Confidence confidence, FindingType... types) {
        return new RuleCondition(List.of(new FindingCriterion(Set.of(types), confidence, 1)), null, null, null, null,
                null, null);
    }

    static RuleCondition unapproved() {
        return new RuleCondition(null, null, null, null, null, false, null);
    }

    static Subject subject(DeviceIdentity device, String... groups) {
        return new Subject(device, Set.of(groups), List.of(), NOW);
    }

    static Subject subject(DeviceIdentity device, List<ExceptionGrant> exceptions, Instant now) {
        return new Subject(device, Set.of(), exceptions, now);
    }

    @Nested
    class Files {

        @Test
        void noMatchingRuleGivesTheDefaultAction() {
            Policy policy = new PolicyBuilder().fileRule("r", atLeast(Confidence.HIGH), Action.BLOCK).build();
            Decision decision = PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA);
            assertThat(decision.action()).isEqualTo(Action.ALLOW);
            assertThat(decision.matchedRuleIds()).isEmpty();
            assertThat(decision.policyVersion()).isEqualTo(3);
        }

        @Test
        void theDefaultActionCanBeAudit() {
            PolicyBuilder builder = new PolicyBuilder();
            builder.defaultAction = Action.AUDIT;
            assertThat(PolicyEngine.decideFile(builder.build(), subject(STRANGER), CLEAN, SHA).action())
                    .isEqualTo(Action.AUDIT);
        }

        @Test
        void theStrongestMatchingActionWinsAndEveryMatchIsReported() {
            Policy policy = new PolicyBuilder()
                    .fileRule("audit-any", atLeast(Confidence.LOW), Action.AUDIT)
                    .fileRule("block-high", atLeast(Confidence.HIGH), Action.BLOCK)
                    .fileRule("warn-medium", atLeast(Confidence.MEDIUM), Action.WARN)
                    .build();
            Decision decision = PolicyEngine.decideFile(policy, subject(STRANGER),
                    findings(FindingType.JP_MY_NUMBER, Confidence.HIGH, 1), SHA);
            assertThat(decision.action()).isEqualTo(Action.BLOCK);
            assertThat(decision.matchedRuleIds()).containsExactly("audit-any", "block-high", "warn-medium");
        }

        @Test
        void aMatchingAllowRuleReplacesTheDefault() {
            PolicyBuilder builder = new PolicyBuilder()
                    .fileRule("quiet-on-approved", new RuleCondition(null, null, null, null, null, true, null), Action.ALLOW)
                    .allow(new DeviceMatcher("0781", null, null, null));
            builder.defaultAction = Action.AUDIT;
            Policy policy = builder.build();
            assertThat(PolicyEngine.decideFile(policy, subject(APPROVED), CLEAN, SHA).action()).isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA).action()).isEqualTo(Action.AUDIT);
        }

        @Test
        void disabledRulesAreNotEvaluated() {
            Policy policy = new PolicyBuilder().disabledRule("off", RuleScope.FILE, when(), Action.BLOCK).build();
            Decision decision = PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA);
            assertThat(decision.action()).isEqualTo(Action.ALLOW);
            assertThat(decision.matchedRuleIds()).isEmpty();
        }

        @Test
        void deviceRulesAreNotEvaluatedForFiles() {
            Policy policy = new PolicyBuilder().deviceRule("ro", when(), Action.READ_ONLY).build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA).matchedRuleIds()).isEmpty();
        }

        @Test
        void confidenceBelowTheCriterionDoesNotMatch() {
            Policy policy = new PolicyBuilder().fileRule("r", atLeast(Confidence.HIGH, FindingType.JP_MY_NUMBER),
                    Action.BLOCK).build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    findings(FindingType.JP_MY_NUMBER, Confidence.MEDIUM, 10), SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void aTypeOutsideTheCriterionDoesNotMatch() {
            Policy policy = new PolicyBuilder().fileRule("r", atLeast(Confidence.LOW, FindingType.CREDIT_CARD),
                    Action.BLOCK).build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    findings(FindingType.EMAIL, Confidence.HIGH, 10), SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void minCountCountsAcrossTypesAndHigherConfidences() {
            RuleCondition fivePersonal = new RuleCondition(List.of(new FindingCriterion(
                    Set.of(FindingType.EMAIL, FindingType.JP_PHONE), Confidence.MEDIUM, 5)),
                    null, null, null, null, null, null);
            Policy policy = new PolicyBuilder().fileRule("five", fivePersonal, Action.WARN).build();
            ClassificationSummary four = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(
                    new FindingSummary(FindingType.EMAIL, Confidence.MEDIUM, 2, List.of()),
                    new FindingSummary(FindingType.JP_PHONE, Confidence.HIGH, 2, List.of()),
                    new FindingSummary(FindingType.JP_PHONE, Confidence.LOW, 9, List.of())), 1, Set.of());
            ClassificationSummary five = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(
                    new FindingSummary(FindingType.EMAIL, Confidence.MEDIUM, 3, List.of()),
                    new FindingSummary(FindingType.JP_PHONE, Confidence.HIGH, 2, List.of())), 1, Set.of());
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), four, SHA).action()).isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), five, SHA).action()).isEqualTo(Action.WARN);
        }

        @Test
        void anyOneOfSeveralCriteriaIsEnough() {
            RuleCondition either = new RuleCondition(List.of(
                    new FindingCriterion(Set.of(FindingType.CREDIT_CARD), Confidence.HIGH, 1),
                    new FindingCriterion(Set.of(FindingType.CONFIDENTIAL_MARKER), Confidence.MEDIUM, 1)),
                    null, null, null, null, null, null);
            Policy policy = new PolicyBuilder().fileRule("either", either, Action.BLOCK).build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    findings(FindingType.CONFIDENTIAL_MARKER, Confidence.MEDIUM, 1), SHA).action()).isEqualTo(Action.BLOCK);
        }

        @Test
        void customTypesMatchByName() {
            FindingType aoba = FindingType.custom("aoba");
            Policy policy = new Policy(1, "t", 1, NOW, null, Action.ALLOW,
                    List.of(new Rule("aoba", null, RuleScope.FILE, atLeast(Confidence.LOW, aoba), Action.WARN, false)),
                    null, new UninspectableHandling(Action.AUDIT, null),
                    List.of(new CustomDetectorSpec("aoba", List.of("青葉"), null, null, false)), null, null, null, null, null);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), findings(aoba, Confidence.MEDIUM, 1), SHA)
                    .action()).isEqualTo(Action.WARN);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    findings(FindingType.custom("other"), Confidence.MEDIUM, 1), SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void deviceApprovalSelectsRules() {
            Policy policy = new PolicyBuilder()
                    .allow(new DeviceMatcher("0781", "5583", null, null))
                    .fileRule("block-unapproved", new RuleCondition(
                            List.of(new FindingCriterion(Set.of(), Confidence.HIGH, 1)), null, null, null, null, false, null),
                            Action.BLOCK)
                    .build();
            ClassificationSummary high = findings(FindingType.JP_MY_NUMBER, Confidence.HIGH, 1);
            Decision onStranger = PolicyEngine.decideFile(policy, subject(STRANGER), high, SHA);
            Decision onApproved = PolicyEngine.decideFile(policy, subject(APPROVED), high, SHA);
            assertThat(onStranger.action()).isEqualTo(Action.BLOCK);
            assertThat(onStranger.deviceApproved()).isFalse();
            assertThat(onApproved.action()).isEqualTo(Action.ALLOW);
            assertThat(onApproved.deviceApproved()).isTrue();
        }

        @Test
        void deviceClassesSelectRules() {
            Policy policy = new PolicyBuilder().fileRule("sd", new RuleCondition(null, null, null, null,
                    Set.of(DeviceClass.SD_CARD), null, null), Action.WARN).build();
            assertThat(PolicyEngine.decideFile(policy, subject(SD_CARD), CLEAN, SHA).action()).isEqualTo(Action.WARN);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void userGroupsSelectRules() {
            Policy policy = new PolicyBuilder().fileRule("leavers", new RuleCondition(null, null, null, null, null, null,
                    Set.of("leaving-employees", "contractors")), Action.BLOCK).build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER, "staff", "contractors"), CLEAN, SHA).action())
                    .isEqualTo(Action.BLOCK);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER, "staff"), CLEAN, SHA).action())
                    .isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), CLEAN, SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void reportableTriggersSelectRules() {
            Policy policy = new PolicyBuilder().fileRule("financial", new RuleCondition(null, null,
                    Set.of(ReportableTrigger.FINANCIAL), null, null, null, null), Action.BLOCK).build();
            ClassificationSummary cards = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(), 3,
                    Set.of(ReportableTrigger.FINANCIAL));
            ClassificationSummary sensitive = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(), 3,
                    Set.of(ReportableTrigger.SENSITIVE_PERSONAL));
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), cards, SHA).action()).isEqualTo(Action.BLOCK);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), sensitive, SHA).action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void minPeopleSelectsRules() {
            Policy policy = new PolicyBuilder().fileRule("many", new RuleCondition(null, null, null, 1001, null, null,
                    null), Action.BLOCK).build();
            ClassificationSummary thousand = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(), 1000, Set.of());
            ClassificationSummary more = new ClassificationSummary(InspectionStatus.OK, null, null, List.of(), 1001, Set.of());
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), thousand, SHA).action()).isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER), more, SHA).action()).isEqualTo(Action.BLOCK);
        }

        @Test
        void allPartsOfAConditionMustHold() {
            Policy policy = new PolicyBuilder().fileRule("narrow", new RuleCondition(
                    List.of(new FindingCriterion(Set.of(), Confidence.HIGH, 1)), null, null, null,
                    Set.of(DeviceClass.USB_STORAGE), false, Set.of("sales")), Action.BLOCK).build();
            ClassificationSummary high = findings(FindingType.JP_MY_NUMBER, Confidence.HIGH, 1);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER, "sales"), high, SHA).action()).isEqualTo(Action.BLOCK);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER, "hr"), high, SHA).action()).isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(SD_CARD, "sales"), high, SHA).action()).isEqualTo(Action.ALLOW);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER, "sales"), CLEAN, SHA).action()).isEqualTo(Action.ALLOW);
        }
    }

    @Nested
    class CouldNotInspect {

        @ParameterizedTest
        @EnumSource(value = InspectionStatus.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
        void isNeverAllowedSilentlyEvenWhenEverythingElseAllows(InspectionStatus status) {
            PolicyBuilder builder = new PolicyBuilder().fileRule("allow-all", when(), Action.ALLOW);
            builder.defaultAction = Action.ALLOW;
            Decision decision = PolicyEngine.decideFile(builder.build(), subject(STRANGER),
                    ClassificationSummary.notInspected(status, "reason", null), SHA);
            assertThat(decision.action()).isEqualTo(Action.AUDIT);
        }

        @Test
        void aStatusCanHaveAStrongerFloor() {
            PolicyBuilder builder = new PolicyBuilder();
            builder.uninspectable = new UninspectableHandling(Action.WARN, Map.of(InspectionStatus.ENCRYPTED, Action.BLOCK));
            Policy policy = builder.build();
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    ClassificationSummary.notInspected(InspectionStatus.ENCRYPTED, "password", null), SHA).action())
                    .isEqualTo(Action.BLOCK);
            assertThat(PolicyEngine.decideFile(policy, subject(STRANGER),
                    ClassificationSummary.notInspected(InspectionStatus.TIMEOUT, "slow", null), SHA).action())
                    .isEqualTo(Action.WARN);
        }

        @Test
        void rulesCanActOnStatusesAndStayAboveTheFloor() {
            PolicyBuilder builder = new PolicyBuilder().fileRule("encrypted-unapproved", new RuleCondition(null,
                    Set.of(InspectionStatus.ENCRYPTED), null, null, null, false, null), Action.WARN_OVERRIDE);
            Policy policy = builder.build();
            Decision decision = PolicyEngine.decideFile(policy, subject(STRANGER),
                    ClassificationSummary.notInspected(InspectionStatus.ENCRYPTED, "password", null), SHA);
            assertThat(decision.action()).isEqualTo(Action.WARN_OVERRIDE);
            assertThat(decision.matchedRuleIds()).containsExactly("encrypted-unapproved");
        }

        @Test
        void aFullyInspectedFileIsNotRaised() {
            assertThat(PolicyEngine.decideFile(new PolicyBuilder().build(), subject(STRANGER), CLEAN, SHA).action())
                    .isEqualTo(Action.ALLOW);
        }
    }

    @Nested
    class Exceptions {

        ExceptionGrant fileGrant(Instant expires, DeviceMatcher device) {
            return new ExceptionGrant("file-ok", ExceptionScope.FILE, device, SHA, expires, "reviewed", "admin");
        }

        ExceptionGrant deviceGrant(Instant expires) {
            return new ExceptionGrant("device-ok", ExceptionScope.DEVICE, new DeviceMatcher("abcd", "1234", "ZZZ999", null),
                    null, expires, "audit trip", "admin");
        }

        Policy blockEverything() {
            return new PolicyBuilder().fileRule("block-unapproved", unapproved(), Action.BLOCK)
                    .deviceRule("ro-unapproved", unapproved(), Action.READ_ONLY).build();
        }

        @Test
        void anActiveFileExceptionAllowsThatContent() {
            Decision decision = PolicyEngine.decideFile(blockEverything(),
                    subject(STRANGER, List.of(fileGrant(NOW.plusSeconds(60), null)), NOW), CLEAN, SHA);
            assertThat(decision.action()).isEqualTo(Action.ALLOW);
            assertThat(decision.exceptionId()).isEqualTo("file-ok");
        }

        @Test
        void aFileExceptionDoesNotCoverOtherContent() {
            String other = "0".repeat(64);
            Decision decision = PolicyEngine.decideFile(blockEverything(),
                    subject(STRANGER, List.of(fileGrant(NOW.plusSeconds(60), null)), NOW), CLEAN, other);
            assertThat(decision.action()).isEqualTo(Action.BLOCK);
            assertThat(decision.exceptionId()).isNull();
        }

        @Test
        void anExpiredFileExceptionNoLongerApplies() {
            Decision decision = PolicyEngine.decideFile(blockEverything(),
                    subject(STRANGER, List.of(fileGrant(NOW, null)), NOW), CLEAN, SHA);
            assertThat(decision.action()).isEqualTo(Action.BLOCK);
        }

        @Test
        void aFileExceptionNarrowedToADeviceOnlyAppliesThere() {
            ExceptionGrant grant = fileGrant(NOW.plusSeconds(60), new DeviceMatcher("0781", "5583", "AAA111", null));
            Decision elsewhere = PolicyEngine.decideFile(blockEverything(), subject(STRANGER, List.of(grant), NOW), CLEAN, SHA);
            assertThat(elsewhere.action()).isEqualTo(Action.BLOCK);
        }

        @Test
        void anActiveDeviceExceptionApprovesTheDevice() {
            Subject subject = subject(STRANGER, List.of(deviceGrant(NOW.plusSeconds(60))), NOW);
            Decision file = PolicyEngine.decideFile(blockEverything(), subject, CLEAN, SHA);
            Decision device = PolicyEngine.decideDevice(blockEverything(), subject);
            assertThat(file.action()).isEqualTo(Action.ALLOW);
            assertThat(file.deviceApproved()).isTrue();
            assertThat(file.exceptionId()).isEqualTo("device-ok");
            assertThat(device.action()).isEqualTo(Action.ALLOW);
        }

        @Test
        void anExpiredDeviceExceptionNoLongerApproves() {
            Subject subject = subject(STRANGER, List.of(deviceGrant(NOW.minusSeconds(1))), NOW);
            assertThat(PolicyEngine.decideDevice(blockEverything(), subject).action()).isEqualTo(Action.READ_ONLY);
        }
    }

    @Nested
    class Devices {

        @Test
        void anUnapprovedDeviceGetsTheDeviceRuleAction() {
            Policy policy = new PolicyBuilder().deviceRule("ro", unapproved(), Action.READ_ONLY)
                    .allow(new DeviceMatcher("0781", "5583", "AAA111", null)).build();
            Decision stranger = PolicyEngine.decideDevice(policy, subject(STRANGER));
            Decision approved = PolicyEngine.decideDevice(policy, subject(APPROVED));
            assertThat(stranger.action()).isEqualTo(Action.READ_ONLY);
            assertThat(stranger.matchedRuleIds()).containsExactly("ro");
            assertThat(approved.action()).isEqualTo(Action.ALLOW);
            assertThat(approved.deviceApproved()).isTrue();
        }

        @Test
        void denyBeatsReadOnly() {
            Policy policy = new PolicyBuilder().deviceRule("ro", unapproved(), Action.READ_ONLY)
                    .deviceRule("leavers", new RuleCondition(null, null, null, null, null, null,
                            Set.of("leaving-employees")), Action.DENY).build();
            assertThat(PolicyEngine.decideDevice(policy, subject(STRANGER, "leaving-employees")).action())
                    .isEqualTo(Action.DENY);
            assertThat(PolicyEngine.decideDevice(policy, subject(STRANGER)).action()).isEqualTo(Action.READ_ONLY);
        }

        @Test
        void fileRulesAreNotEvaluatedForDevices() {
            Policy policy = new PolicyBuilder().fileRule("block", when(), Action.BLOCK).build();
            Decision decision = PolicyEngine.decideDevice(policy, subject(STRANGER));
            assertThat(decision.action()).isEqualTo(Action.ALLOW);
            assertThat(decision.matchedRuleIds()).isEmpty();
        }

        @Test
        void theAllowListMatchesByVendorProductAndSerial() {
            DeviceMatcher vendorOnly = new DeviceMatcher("0781", null, null, null);
            DeviceMatcher product = new DeviceMatcher("0781", "5583", null, null);
            DeviceMatcher unit = new DeviceMatcher("0781", "5583", "AAA111", null);
            DeviceIdentity sameProductOtherUnit = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "BBB222",
                    null, null, null, null, 0);
            DeviceIdentity otherProduct = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "9999", "AAA111",
                    null, null, null, null, 0);
            assertThat(vendorOnly.matches(otherProduct)).isTrue();
            assertThat(product.matches(sameProductOtherUnit)).isTrue();
            assertThat(product.matches(otherProduct)).isFalse();
            assertThat(unit.matches(APPROVED)).isTrue();
            assertThat(unit.matches(sameProductOtherUnit)).isFalse();
            assertThat(vendorOnly.matches(SD_CARD)).isFalse();
        }

        @Test
        void allowListIdsAreCaseInsensitiveButSerialsAreExact() {
            DeviceMatcher upper = new DeviceMatcher("0ABC", "DEF0", "Serial-1", null);
            DeviceIdentity device = new DeviceIdentity(DeviceClass.USB_STORAGE, "0abc", "def0", "Serial-1",
                    null, null, null, null, 0);
            DeviceIdentity otherCase = new DeviceIdentity(DeviceClass.USB_STORAGE, "0abc", "def0", "SERIAL-1",
                    null, null, null, null, 0);
            assertThat(upper.matches(device)).isTrue();
            assertThat(upper.matches(otherCase)).isFalse();
        }
    }
}

package io.mamori.protocol.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.Samples;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A policy that could not be enforced as written is refused when it is built, with the field. */
class PolicyValidationTest {

    static Policy withRules(List<Rule> rules, List<OverrideReason> reasons, List<CustomDetectorSpec> custom) {
        return new Policy(1, "t", 1, Samples.T0, null, Action.ALLOW, rules, null,
                new UninspectableHandling(Action.AUDIT, null), custom, reasons, null, null, null, null);
    }

    static Rule rule(String id, Action action) {
        return new Rule(id, null, RuleScope.FILE, null, action, false);
    }

    @Test
    void duplicateRuleIdsAreRefused() {
        assertThatThrownBy(() -> withRules(List.of(rule("a", Action.WARN), rule("a", Action.AUDIT)), null, null))
                .isInstanceOf(InvalidFieldException.class).hasMessage("rules[1].id: 'a' is used by an earlier rule");
    }

    @Test
    void aDeviceActionInAFileRuleIsRefused() {
        assertThatThrownBy(() -> rule("x", Action.READ_ONLY)).hasMessageContaining("scope DEVICE");
    }

    @Test
    void aFileActionInADeviceRuleIsRefused() {
        assertThatThrownBy(() -> new Rule("x", null, RuleScope.DEVICE, null, Action.BLOCK, false))
                .hasMessageContaining("scope FILE");
    }

    @Test
    void aDeviceRuleCannotLookAtContent() {
        RuleCondition content = new RuleCondition(List.of(new FindingCriterion(null, Confidence.HIGH, null)),
                null, null, null, null, null, null);
        assertThatThrownBy(() -> new Rule("x", null, RuleScope.DEVICE, content, Action.DENY, false))
                .hasMessageContaining("mount time");
    }

    @Test
    void anUndefinedCustomTypeIsRefused() {
        Rule rule = new Rule("x", null, RuleScope.FILE, new RuleCondition(List.of(new FindingCriterion(
                Set.of(FindingType.custom("aoba")), Confidence.LOW, null)), null, null, null, null, null, null),
                Action.WARN, false);
        assertThatThrownBy(() -> withRules(List.of(rule), null, null))
                .hasMessage("rules[0].when.findings[0].types: CUSTOM:aoba is not defined in customDetectors");
    }

    @Test
    void warnOverrideNeedsAReasonToOffer() {
        assertThatThrownBy(() -> withRules(List.of(rule("hold", Action.WARN_OVERRIDE)), null, null))
                .hasMessageContaining("overrideReasons");
    }

    @Test
    void anInvalidRegularExpressionIsRefusedWithWhere() {
        assertThatThrownBy(() -> new CustomDetectorSpec("x", null, List.of("ok", "(unclosed"), null, false))
                .hasMessageStartingWith("patterns[1]: is not a valid regular expression");
    }

    @Test
    void aPatternOnlyABacktrackingEngineCouldRunIsRefusedAtPublishNamingTheEngine() {
        for (String pattern : List.of("(\\d+)-\\1", "secret(?=-\\d+)", "(?<!x)y", "(a+)++b")) {
            assertThatThrownBy(() -> new CustomDetectorSpec("x", null, List.of(pattern), null, false)).as(pattern)
                    .hasMessageStartingWith("patterns[0]: is not a valid regular expression for the linear-time engine");
        }
        // the classic catastrophic pattern is accepted: RE2 runs it in linear time (CustomDetectorTest)
        new CustomDetectorSpec("x", null, List.of("(a+)+$", "(x|xx)+y", "(.*?,){13}P", "(a|aa){1,60}$"), null, false);
    }

    @Test
    void aReleaseDestinationIsAFolderOfTheEmployeesHomeNeverAPlaceOnTheSystem() {
        for (String outside : List.of("/etc", "/etc/cron.d", "C:\\Windows\\System32", "c:/Windows", "~root", "..",
                "Desktop/../../etc", "Desktop//x", "Desk\ntop", "\\\\server\\share")) {
            assertThatThrownBy(() -> new io.mamori.protocol.command.ReleaseFile(java.util.UUID.randomUUID(), Samples.T0,
                    java.util.UUID.randomUUID(), "a".repeat(64), outside)).as(outside)
                    .isInstanceOf(io.mamori.protocol.InvalidFieldException.class).hasMessageStartingWith("destination:");
        }
        assertThat(new io.mamori.protocol.command.ReleaseFile(java.util.UUID.randomUUID(), Samples.T0, java.util.UUID.randomUUID(),
                "a".repeat(64), "Documents/戻したファイル").destination()).isEqualTo("Documents/戻したファイル");
        assertThat(ReleaseFolders.allows(List.of("Desktop", "Documents/released"), "Documents/released/2026")).isTrue();
        assertThat(ReleaseFolders.allows(List.of("Desktop"), "DesktopX")).isFalse();
        assertThat(ReleaseFolders.allows(List.of(), "Desktop")).as("none: back to the device only").isFalse();
        assertThat(ReleaseFolders.allows(ReleaseFolders.DEFAULT, "Downloads")).isTrue();
    }

    @Test
    void aCustomDetectorNeedsSomethingToLookFor() {
        assertThatThrownBy(() -> new CustomDetectorSpec("x", List.of(), List.of(), null, false))
                .hasMessageContaining("at least one keyword or pattern");
    }

    @Test
    void couldNotInspectIsNeverAllowed() {
        assertThatThrownBy(() -> new UninspectableHandling(Action.ALLOW, null)).hasMessageContaining("never silently allowed");
        assertThatThrownBy(() -> new UninspectableHandling(Action.AUDIT, Map.of(InspectionStatus.TIMEOUT, Action.ALLOW)))
                .hasMessageStartingWith("byStatus.TIMEOUT");
        assertThatThrownBy(() -> new UninspectableHandling(Action.AUDIT, Map.of(InspectionStatus.OK, Action.BLOCK)))
                .hasMessageContaining("OK is not");
    }

    @Test
    void aSerialWithoutAProductIsRefused() {
        assertThatThrownBy(() -> new DeviceMatcher("0781", null, "123", null)).hasMessageContaining("productId");
    }

    @Test
    void badUsbIdsAreRefused() {
        assertThatThrownBy(() -> new DeviceMatcher("781", null, null, null)).hasMessageContaining("four hexadecimal");
    }

    @Test
    void theOverrideTimeoutHasSaneBoundsAndADefault() {
        Policy policy = withRules(List.of(), null, null);
        assertThat(policy.overrideTimeoutSeconds()).isEqualTo(Policy.DEFAULT_OVERRIDE_TIMEOUT_SECONDS);
        assertThatThrownBy(() -> new Policy(1, "t", 1, Samples.T0, null, Action.ALLOW, null, null,
                new UninspectableHandling(Action.AUDIT, null), null, null, 5, null, null, null))
                .hasMessageContaining("overrideTimeoutSeconds");
    }

    @Test
    void ruleIdsHaveAFixedShape() {
        assertThatThrownBy(() -> rule("Block All!", Action.BLOCK)).hasMessageStartingWith("id:");
    }

    @Test
    void customFindingTypeNamesHaveAFixedShape() {
        assertThat(FindingType.custom("project-aoba.v2").customName()).isEqualTo("project-aoba.v2");
        assertThatThrownBy(() -> FindingType.custom("")).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> FindingType.of("CUSTOM:has space")).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> FindingType.of("lowercase")).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void theBuiltInTypesAreExactlyThoseOfTheDesign() {
        assertThat(FindingType.builtIns()).extracting(FindingType::id).containsExactly(
                "JP_MY_NUMBER", "JP_CORPORATE_NUMBER", "JP_PASSPORT", "JP_DRIVERS_LICENSE", "JP_RESIDENCE_CARD",
                "JP_RESIDENT_CODE", "JP_PENSION_NUMBER", "JP_BANK_ACCOUNT", "CREDIT_CARD", "EMAIL", "JP_PHONE",
                "JP_POSTAL_CODE", "JP_ADDRESS", "JP_PERSON_NAME", "DATE_OF_BIRTH", "SENSITIVE_PERSONAL",
                "CONFIDENTIAL_MARKER");
        assertThat(FindingType.of("JP_MY_NUMBER")).isSameAs(FindingType.JP_MY_NUMBER);
    }
}

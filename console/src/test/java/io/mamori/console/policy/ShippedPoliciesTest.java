package io.mamori.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the policies a new console ships with decide, through the same engine the agent runs. */
class ShippedPoliciesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN1", null, null,
            null, null, 0);
    private static final DeviceIdentity APPROVED_STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0951", "1666", "SN2",
            null, null, null, null, 0);

    private static Policy policy(String name, boolean approveKingston) {
        var draft = (com.fasterxml.jackson.databind.node.ObjectNode) DefaultPolicies.draft(name);
        if (approveKingston) {
            draft.putArray("deviceAllowList").addObject().put("vendorId", "0951").put("description", "承認済み");
        }
        return ProtocolJson.fromTree(PolicyStore.normalise(draft, name, 1, NOW), Policy.class);
    }

    private static ClassificationSummary finding(String type, Confidence confidence) {
        return new ClassificationSummary(InspectionStatus.OK, null, "text/plain",
                List.of(new FindingSummary(FindingType.of(type), confidence, 1, List.of("****"))), 1, Set.of());
    }

    private static ClassificationSummary status(InspectionStatus status) {
        return new ClassificationSummary(status, "test", null, List.of(), 0, Set.of());
    }

    private static Action file(Policy policy, DeviceIdentity device, ClassificationSummary classification) {
        return PolicyEngine.decideFile(policy, new Subject(device, Set.of(), List.of(), NOW), classification, null).action();
    }

    @Test
    void theDefaultPolicyBlocksHighPersonalDataAndMarkingsToUnapprovedDevices() {
        Policy policy = policy("default", true);

        assertThat(file(policy, STICK, finding("JP_MY_NUMBER", Confidence.HIGH))).isEqualTo(Action.BLOCK);
        assertThat(file(policy, STICK, finding("JP_ADDRESS", Confidence.HIGH))).isEqualTo(Action.BLOCK);
        assertThat(file(policy, STICK, finding("CONFIDENTIAL_MARKER", Confidence.HIGH))).isEqualTo(Action.BLOCK);
        assertThat(file(policy, STICK, finding("JP_PHONE", Confidence.MEDIUM))).isEqualTo(Action.WARN_OVERRIDE);
        assertThat(file(policy, STICK, finding("CONFIDENTIAL_MARKER", Confidence.MEDIUM))).isEqualTo(Action.WARN_OVERRIDE);
        assertThat(file(policy, STICK, finding("EMAIL", Confidence.LOW))).isEqualTo(Action.AUDIT);
        assertThat(file(policy, STICK, status(InspectionStatus.OK))).isEqualTo(Action.AUDIT);
        assertThat(file(policy, STICK, status(InspectionStatus.ENCRYPTED))).isEqualTo(Action.WARN_OVERRIDE);
        assertThat(file(policy, STICK, status(InspectionStatus.TIMEOUT))).isEqualTo(Action.WARN_OVERRIDE);
        assertThat(file(policy, STICK, status(InspectionStatus.UNSUPPORTED))).isEqualTo(Action.AUDIT);
    }

    @Test
    void theDefaultPolicyOnlyAuditsApprovedDevices() {
        Policy policy = policy("default", true);

        assertThat(file(policy, APPROVED_STICK, finding("JP_MY_NUMBER", Confidence.HIGH))).isEqualTo(Action.AUDIT);
        assertThat(file(policy, APPROVED_STICK, status(InspectionStatus.ENCRYPTED))).isEqualTo(Action.AUDIT);
        assertThat(PolicyEngine.decideDevice(policy, new Subject(STICK, Set.of(), List.of(), NOW)).action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void theLeavingPolicyMakesUnapprovedDevicesReadOnlyAndBlocksMediumEverywhere() {
        Policy policy = policy("leaving", true);

        assertThat(PolicyEngine.decideDevice(policy, new Subject(STICK, Set.of(), List.of(), NOW)).action())
                .isEqualTo(Action.READ_ONLY);
        assertThat(PolicyEngine.decideDevice(policy, new Subject(APPROVED_STICK, Set.of(), List.of(), NOW)).action())
                .isEqualTo(Action.ALLOW);
        assertThat(file(policy, APPROVED_STICK, finding("JP_PERSON_NAME", Confidence.MEDIUM))).isEqualTo(Action.BLOCK);
        assertThat(file(policy, APPROVED_STICK, finding("CONFIDENTIAL_MARKER", Confidence.LOW))).isEqualTo(Action.WARN);
        assertThat(file(policy, APPROVED_STICK, status(InspectionStatus.ENCRYPTED))).isEqualTo(Action.BLOCK);
        assertThat(file(policy, APPROVED_STICK, status(InspectionStatus.CORRUPT))).isEqualTo(Action.WARN_OVERRIDE);
    }
}

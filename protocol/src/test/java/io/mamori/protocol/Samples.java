package io.mamori.protocol;

import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.EnrollResponse;
import io.mamori.protocol.api.MediaWatch;
import io.mamori.protocol.api.ErrorResponse;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.EventBatchAck;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.api.RejectedEvent;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.GrantException;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.RefreshPatchStatus;
import io.mamori.protocol.command.ReleaseFile;
import io.mamori.protocol.command.RevokeException;
import io.mamori.protocol.command.UnsupportedCommand;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.event.UserResponse;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.patch.PatchThresholds;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.CustomDetectorSpec;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.ExceptionScope;
import io.mamori.protocol.policy.FindingCriterion;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.Rule;
import io.mamori.protocol.policy.RuleCondition;
import io.mamori.protocol.policy.RuleScope;
import io.mamori.protocol.policy.Subject;
import io.mamori.protocol.policy.UninspectableHandling;
import io.mamori.protocol.signing.PolicySignature;
import io.mamori.protocol.signing.SignedPolicy;
import io.mamori.protocol.json.ProtocolJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Fully populated, synthetic instances of every protocol type: every optional field set, so a
 * round trip that drops one shows up. No real person, card or device is described here.
 */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-11-23T09:30:00Z");
    public static final AgentId AGENT = AgentId.parse("5b0e8f5e-8a1c-4f3e-9d7a-2f6c1b3a4d5e");
    public static final UUID EVENT_ID = UUID.fromString("019a7c3e-1b2c-7d4e-8f90-123456789abc");
    public static final UUID OPERATION_ID = UUID.fromString("019a7c3e-1b2c-7d4e-8f90-0000000000aa");
    public static final UUID COMMAND_ID = UUID.fromString("3f1d2c4b-5a6e-4f70-8192-a3b4c5d6e7f8");
    public static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Samples() {
    }

    public static DeviceIdentity usbStick() {
        return new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "4C530001230918110443",
                "SanDisk", "Ultra Fit", "1234-ABCD", "資料USB", 32_000_000_000L);
    }

    public static DeviceIdentity unknownStick() {
        return new DeviceIdentity(DeviceClass.USB_STORAGE, "abcd", "1234", "SERIAL-X", null, null, null, null, 0);
    }

    public static ClassificationSummary personalData() {
        return new ClassificationSummary(InspectionStatus.OK, null,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                List.of(new FindingSummary(FindingType.JP_MY_NUMBER, Confidence.HIGH, 3,
                                List.of("1234-****-**18", "9876-****-**05")),
                        new FindingSummary(FindingType.JP_PERSON_NAME, Confidence.MEDIUM, 40, List.of("山田 **")),
                        new FindingSummary(FindingType.custom("project-aoba"), Confidence.LOW, 1, List.of())),
                1200, Set.of(ReportableTrigger.OVER_1000_PEOPLE, ReportableTrigger.FINANCIAL));
    }

    public static Decision blockDecision() {
        return new Decision(Action.BLOCK, List.of("block-high", "warn-medium"), null, false, 7);
    }

    public static Policy policy() {
        Map<String, LocalizedText> texts = new LinkedHashMap<>();
        texts.put("file.blocked", new LocalizedText("個人情報を含むファイルをブロックしました", "A file with personal data was blocked"));
        return new Policy(1, "default", 7, T0, "既定のポリシー / default policy", Action.AUDIT,
                List.of(
                        new Rule("block-high", "HIGH personal data to unapproved USB", RuleScope.FILE,
                                new RuleCondition(List.of(new FindingCriterion(Set.of(), Confidence.HIGH, 1)),
                                        null, null, null, Set.of(DeviceClass.USB_STORAGE), false, null),
                                Action.BLOCK, false),
                        new Rule("warn-medium", null, RuleScope.FILE,
                                new RuleCondition(List.of(new FindingCriterion(
                                        Set.of(FindingType.JP_PERSON_NAME, FindingType.custom("project-aoba")),
                                        Confidence.MEDIUM, 5)),
                                        Set.of(InspectionStatus.OK), Set.of(ReportableTrigger.OVER_1000_PEOPLE), 2,
                                        null, null, Set.of("経理部")),
                                Action.WARN_OVERRIDE, false),
                        new Rule("unapproved-read-only", null, RuleScope.DEVICE,
                                new RuleCondition(null, null, null, null, null, false, Set.of("leaving-employees")),
                                Action.READ_ONLY, true)),
                List.of(new DeviceMatcher("0781", "5583", "4C530001230918110443", "経理部 暗号化USB"),
                        new DeviceMatcher("0951", null, null, "Kingston, all products")),
                new UninspectableHandling(Action.AUDIT, Map.of(InspectionStatus.ENCRYPTED, Action.WARN_OVERRIDE)),
                List.of(new CustomDetectorSpec("project-aoba", List.of("プロジェクト青葉"), List.of("AOBA-\\d{4}"),
                        Confidence.MEDIUM, false)),
                List.of(new OverrideReason("business", new LocalizedText("業務上必要", "Part of an approved workflow"), false),
                        new OverrideReason("other", new LocalizedText("その他", "Other"), true)),
                180,
                new PatchThresholds(30, 5, Map.of(OsFamily.WINDOWS, "10.0.22631"), 7),
                texts, null);
    }

    public static ExceptionGrant fileException() {
        return new ExceptionGrant("exc-1", ExceptionScope.FILE, new DeviceMatcher("abcd", "1234", "SERIAL-X", null),
                SHA, T0.plusSeconds(3600), "監査法人への提出", "admin");
    }

    public static Event fileEvent() {
        return new Event(EVENT_ID, AGENT, T0, EventKind.FILE_WRITTEN, "pc-0042",
                new Actor("tanaka", 1000L, 4242L, "/usr/bin/cp"), usbStick(),
                new FileRef("/media/tanaka/USB/名簿.xlsx", "名簿.xlsx", 102_400, SHA),
                personalData(), blockDecision(), OPERATION_ID,
                new UserResponse(OverrideOutcome.CONTINUED, "other", "取引先へ提出", T0.plusSeconds(20), 3),
                "quarantined");
    }

    public static PatchStatus patchStatus() {
        return new PatchStatus(T0, OsFamily.LINUX, "12.12", 14, 3, T0.minusSeconds(86_400 * 9), true,
                T0.minusSeconds(3600), "6.1.0-26-amd64", "6.1.0-27-amd64", "apt", null);
    }

    /** One instance of every protocol record, keyed by its class. */
    public static Map<Class<?>, Object> everyType() {
        Map<Class<?>, Object> all = new LinkedHashMap<>();
        Policy policy = policy();
        all.put(AgentId.class, AGENT);
        all.put(DeviceIdentity.class, usbStick());
        all.put(DeviceMatcher.class, policy.deviceAllowList().get(0));
        all.put(FindingType.class, FindingType.JP_MY_NUMBER);
        all.put(FindingSummary.class, personalData().findings().get(0));
        all.put(ClassificationSummary.class, personalData());
        all.put(FindingCriterion.class, policy.rules().get(1).when().findings().get(0));
        all.put(RuleCondition.class, policy.rules().get(1).when());
        all.put(Rule.class, policy.rules().get(0));
        all.put(LocalizedText.class, new LocalizedText("はい", "Yes"));
        all.put(OverrideReason.class, policy.overrideReasons().get(1));
        all.put(UninspectableHandling.class, policy.uninspectable());
        all.put(CustomDetectorSpec.class, policy.customDetectors().get(0));
        all.put(PatchThresholds.class, policy.patch());
        all.put(Policy.class, policy);
        all.put(Decision.class, new Decision(Action.ALLOW, List.of(), "exc-1", true, 7));
        all.put(ExceptionGrant.class, fileException());
        all.put(Subject.class, new Subject(usbStick(), Set.of("経理部"), List.of(fileException()), T0));
        all.put(Actor.class, fileEvent().actor());
        all.put(FileRef.class, fileEvent().file());
        all.put(UserResponse.class, fileEvent().response());
        all.put(Event.class, fileEvent());
        all.put(ReleaseFile.class, new ReleaseFile(COMMAND_ID, T0, EVENT_ID, SHA, "Documents/released"));
        all.put(PurgeFile.class, new PurgeFile(COMMAND_ID, T0, EVENT_ID, SHA));
        all.put(GrantException.class, new GrantException(COMMAND_ID, T0, fileException()));
        all.put(RevokeException.class, new RevokeException(COMMAND_ID, T0, "exc-1"));
        all.put(RefreshPatchStatus.class, new RefreshPatchStatus(COMMAND_ID, T0));
        all.put(UnsupportedCommand.class, new UnsupportedCommand(COMMAND_ID, T0, "SELF_DESTRUCT"));
        all.put(io.mamori.protocol.command.AnswerDeviceRequest.class, new io.mamori.protocol.command.AnswerDeviceRequest(COMMAND_ID,
                T0, EVENT_ID, true, T0.plusSeconds(8 * 3600), "展示会の期間だけ許可します"));
        all.put(io.mamori.protocol.request.DeviceRequest.class, new io.mamori.protocol.request.DeviceRequest(EVENT_ID, usbStick(),
                "tanaka", 8, "business", "展示会で資料を渡すため", T0));
        all.put(io.mamori.protocol.finding.PeopleKeys.class, new io.mamori.protocol.finding.PeopleKeys(FindingType.EMAIL,
                List.of("0a1b2c3d", "9f8e7d6c")));
        all.put(CommandResult.class, new CommandResult(COMMAND_ID, CommandOutcome.FAILED, "device not mounted", T0));
        all.put(PatchStatus.class, patchStatus());
        all.put(EnrollRequest.class, new EnrollRequest("tok-123", "pc-0042", OsFamily.LINUX, "Debian 12", "0.1.0"));
        all.put(EnrollResponse.class, new EnrollResponse(AGENT, "s3cr3t-agent-secret", "MCowBQYDK2VwAyEA", "ab12"));
        all.put(Heartbeat.class, new Heartbeat(T0, AgentStatus.DEGRADED, "0.1.0", "Debian 12", 7, 12, 0, patchStatus(),
                new MediaWatch(MediaWatch.Mode.DEGRADED, "fanotify and inotify cannot start: too many open files")));
        all.put(MediaWatch.class, new MediaWatch(MediaWatch.Mode.PORTABLE, null));
        all.put(HeartbeatResponse.class, new HeartbeatResponse(T0, List.of(
                new ReleaseFile(COMMAND_ID, T0, EVENT_ID, SHA, null), new RefreshPatchStatus(COMMAND_ID, T0)), 8, 60, SHA));
        all.put(EventBatch.class, new EventBatch(List.of(fileEvent(), deviceEvent())));
        all.put(EventBatchAck.class, new EventBatchAck(List.of(EVENT_ID),
                List.of(new RejectedEvent(OPERATION_ID, "belongs to another agent"))));
        all.put(RejectedEvent.class, new RejectedEvent(OPERATION_ID, "belongs to another agent"));
        all.put(ErrorResponse.class, new ErrorResponse("INVALID_FIELD", "is required", "events[0].file.path"));
        all.put(PolicySignature.class, new PolicySignature("Ed25519", "ab12", "c2lnbmF0dXJl"));
        all.put(SignedPolicy.class, new SignedPolicy(ProtocolJson.toTree(policy),
                new PolicySignature("Ed25519", "ab12", "c2lnbmF0dXJl")));
        return all;
    }

    public static Event deviceEvent() {
        return new Event(EventIds.next(), AGENT, T0, EventKind.DEVICE_MOUNTED, "pc-0042", null, usbStick(), null, null,
                new Decision(Action.READ_ONLY, List.of("unapproved-read-only"), null, false, 7), null, null, null);
    }
}

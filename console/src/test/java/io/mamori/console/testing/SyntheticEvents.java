package io.mamori.console.testing;

import io.mamori.protocol.AgentId;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.event.UserResponse;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synthetic operation-log events as an agent would send them: made-up users, hosts, devices and
 * files; masked samples only. Nothing here describes a real person.
 */
public final class SyntheticEvents {

    private static final AtomicLong COUNTER = new AtomicLong();

    private SyntheticEvents() {
    }

    /** A file copied to a USB stick, with a My Number finding, decided {@code action}. */
    public static Event fileWritten(String agentId, Action action) {
        return fileWritten(agentId, action, "user" + (COUNTER.incrementAndGet() % 50), "0781", "5583", Instant.now());
    }

    public static Event fileWritten(String agentId, Action action, String user, String vendorId, String productId, Instant at) {
        long n = COUNTER.incrementAndGet();
        String name = "顧客名簿-" + n + ".xlsx";
        DeviceIdentity device = new DeviceIdentity(DeviceClass.USB_STORAGE, vendorId, productId, "SN" + (1000 + n % 7),
                "Example Corp", "Flash Drive", null, "USB", 32_000_000_000L);
        ClassificationSummary classification = new ClassificationSummary(InspectionStatus.OK, null,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                List.of(new FindingSummary(FindingType.of("JP_MY_NUMBER"), Confidence.HIGH, 3, List.of("1234-****-**18")),
                        new FindingSummary(FindingType.of("JP_PERSON_NAME"), Confidence.MEDIUM, 12, List.of("山*　*郎"))),
                12, Set.of(ReportableTrigger.FINANCIAL));
        return new Event(EventIds.next(), AgentId.parse(agentId), at, EventKind.FILE_WRITTEN, "pc-" + (n % 9) + ".example.jp",
                new Actor(user, 1000L, 4242L, "/usr/bin/nautilus"), device,
                new FileRef("/media/" + user + "/USB/" + name, name, 18_000 + n, sha256("file-" + n)),
                classification, new Decision(action, List.of("block-personal-high"), null, false, 1), UUID.randomUUID(), null, null);
    }

    /** The same event, as part of copy operation {@code operationId}. */
    public static Event inOperation(Event e, UUID operationId) {
        return new Event(e.eventId(), e.agentId(), e.occurredAt(), e.kind(), e.host(), e.actor(), e.device(), e.file(),
                e.classification(), e.decision(), operationId, e.response(), e.detail());
    }

    /** The same event, its file covering {@code people} people and carrying these APPI reporting triggers. */
    public static Event reportable(Event e, int people, ReportableTrigger... triggers) {
        ClassificationSummary c = e.classification();
        ClassificationSummary changed = new ClassificationSummary(c.status(), c.reason(), c.mediaType(), c.findings(), people,
                Set.of(triggers));
        return new Event(e.eventId(), e.agentId(), e.occurredAt(), e.kind(), e.host(), e.actor(), e.device(), e.file(),
                changed, e.decision(), e.operationId(), e.response(), e.detail());
    }

    /**
     * The same event, its file covering persons [from, to) of a made-up list, sent as people keys
     * (as an agent's worker makes them: eight hex digits each, one per person).
     */
    public static Event withPeople(Event e, int from, int to) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        for (int n = from; n < to; n++) {
            keys.add(String.format("%08x", (n * 2_654_435_761L) & 0xffffffffL));
        }
        ClassificationSummary c = e.classification();
        ClassificationSummary changed = new ClassificationSummary(c.status(), c.reason(), c.mediaType(), c.findings(), to - from,
                c.reportable(), new io.mamori.protocol.finding.PeopleKeys(FindingType.EMAIL, List.copyOf(keys)));
        return new Event(e.eventId(), e.agentId(), e.occurredAt(), e.kind(), e.host(), e.actor(), e.device(), e.file(),
                changed, e.decision(), e.operationId(), e.response(), e.detail());
    }

    /** The employee's answer (or its absence) to the held files of a copy operation. */
    public static Event userResponse(String agentId, UUID operationId, OverrideOutcome outcome, int files) {
        return new Event(EventIds.next(), AgentId.parse(agentId), Instant.now(), EventKind.USER_RESPONSE, "pc-1.example.jp",
                null, null, null, null, null, operationId, new UserResponse(outcome,
                        outcome == OverrideOutcome.CONTINUED ? "business-need" : null, null, Instant.now(), files), null);
    }

    public static Event agentStarted(String agentId) {
        return new Event(EventIds.next(), AgentId.parse(agentId), Instant.now(), EventKind.AGENT_STARTED, "pc.example.jp",
                null, null, null, null, null, null, null, null);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

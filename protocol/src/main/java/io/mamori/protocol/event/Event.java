package io.mamori.protocol.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.policy.Decision;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the operation log (操作ログ), as kept on the agent and delivered to the console:
 * who did what, when, where, what the content held and what policy decided.
 *
 * @param eventId        time-ordered id (UUID v7) made on the agent; the console de-duplicates on it
 * @param agentId        the agent that recorded it
 * @param occurredAt     when it happened, UTC
 * @param kind           what it records
 * @param host           the machine's host name
 * @param actor          the user and program, when known
 * @param device         the removable device involved
 * @param file           the file involved
 * @param classification what the classifier found (masked samples only)
 * @param decision       what policy decided
 * @param operationId    groups the events of one copy operation (one prompt per operation)
 * @param response       the employee's answer to a held copy
 * @param detail         a sentence for people: why enforcement failed, what was dropped, …
 */
public record Event(
        @JsonProperty(required = true) UUID eventId,
        @JsonProperty(required = true) AgentId agentId,
        @JsonProperty(required = true) Instant occurredAt,
        @JsonProperty(required = true) EventKind kind,
        String host,
        Actor actor,
        DeviceIdentity device,
        FileRef file,
        ClassificationSummary classification,
        Decision decision,
        UUID operationId,
        UserResponse response,
        String detail) {

    public Event {
        Fields.required(eventId, "eventId");
        if (!EventIds.isTimeOrdered(eventId)) {
            throw new InvalidFieldException("eventId", "must be a time-ordered UUID (version 7), was version "
                    + eventId.version());
        }
        Fields.required(agentId, "agentId");
        Fields.required(occurredAt, "occurredAt");
        Fields.required(kind, "kind");
        Fields.optionalText(host, "host", 255);
        Fields.optionalText(detail, "detail", 4000);
        switch (kind) {
            case FILE_WRITTEN -> {
                requiredFor(kind, device, "device");
                requiredFor(kind, file, "file");
                requiredFor(kind, classification, "classification");
                requiredFor(kind, decision, "decision");
            }
            case FILE_RELEASED, FILE_PURGED -> requiredFor(kind, file, "file");
            case DEVICE_MOUNTED -> {
                requiredFor(kind, device, "device");
                requiredFor(kind, decision, "decision");
            }
            case DEVICE_UNMOUNTED -> requiredFor(kind, device, "device");
            case DEVICE_REQUESTED -> {
                requiredFor(kind, device, "device");
                requiredFor(kind, detail, "detail");
            }
            case USER_RESPONSE -> {
                requiredFor(kind, response, "response");
                requiredFor(kind, operationId, "operationId");
            }
            case ENFORCEMENT_FAILED, LOG_INTEGRITY, EVENTS_DROPPED, POLICY_REJECTED -> requiredFor(kind, detail, "detail");
            default -> {
                // AGENT_STARTED, AGENT_STOPPED, POLICY_APPLIED need nothing beyond the common fields
            }
        }
    }


    /**
     * What a {@code DEVICE_MOUNTED} event's detail holds when the device was not mounted but decided
     * again while it stayed mounted (an exception granted or ended, a new policy): the set of kinds
     * is closed within protocol version 1, so it is told apart by this (docs/protocol.md).
     */
    public static final String DECIDED_AGAIN_WHILE_MOUNTED = "decided again while mounted: ";

    /** True for a {@code DEVICE_MOUNTED} that records a device decided again while mounted, not a mount. */
    public boolean decidedAgainWhileMounted() {
        return kind == EventKind.DEVICE_MOUNTED && detail != null && detail.contains(DECIDED_AGAIN_WHILE_MOUNTED);
    }

    private static void requiredFor(EventKind kind, Object value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required for " + kind + " events");
        }
    }
}

package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.patch.PatchStatus;
import java.time.Instant;

/**
 * {@code POST /api/v1/agents/{id}/heartbeat}: the agent's periodic status.
 *
 * @param sentAt        when the agent sent it
 * @param status        how the agent is doing
 * @param agentVersion  the agent's version
 * @param osVersion     the OS version
 * @param policyVersion the version of the policy in force (0: none yet)
 * @param queueLength   events waiting in the outbox
 * @param droppedEvents events the outbox had to drop since enrollment (should stay 0)
 * @param patch         the latest patch measurement, when there is a new one
 * @param mediaWatch    how removable media are watched (absent from agents before it was added)
 */
public record Heartbeat(
        @JsonProperty(required = true) Instant sentAt,
        @JsonProperty(required = true) AgentStatus status,
        @JsonProperty(required = true) String agentVersion,
        String osVersion,
        long policyVersion,
        long queueLength,
        long droppedEvents,
        PatchStatus patch,
        MediaWatch mediaWatch) {

    public Heartbeat {
        Fields.required(sentAt, "sentAt");
        Fields.required(status, "status");
        Fields.requiredText(agentVersion, "agentVersion", 64);
        Fields.optionalText(osVersion, "osVersion", 128);
        Fields.nonNegative(policyVersion, "policyVersion");
        Fields.nonNegative(queueLength, "queueLength");
        Fields.nonNegative(droppedEvents, "droppedEvents");
    }

    /** A heartbeat that does not say how removable media are watched. */
    public Heartbeat(Instant sentAt, AgentStatus status, String agentVersion, String osVersion, long policyVersion,
            long queueLength, long droppedEvents, PatchStatus patch) {
        this(sentAt, status, agentVersion, osVersion, policyVersion, queueLength, droppedEvents, patch, null);
    }
}

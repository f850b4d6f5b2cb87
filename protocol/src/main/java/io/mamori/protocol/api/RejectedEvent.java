package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.UUID;

/**
 * An event the console will never accept (it belongs to another agent, say), with the reason.
 * The agent logs it and stops resending it.
 */
public record RejectedEvent(
        @JsonProperty(required = true) UUID eventId,
        @JsonProperty(required = true) String reason) {

    public RejectedEvent {
        Fields.required(eventId, "eventId");
        Fields.requiredText(reason, "reason", 1000);
    }
}

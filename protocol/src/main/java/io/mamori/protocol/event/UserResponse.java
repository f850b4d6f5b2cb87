package io.mamori.protocol.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.time.Instant;

/**
 * The employee's answer to a held copy.
 *
 * @param outcome    what happened
 * @param reasonId   the chosen reason's id (CONTINUED only)
 * @param reasonText the explanation the employee typed
 * @param answeredAt when the answer came (or the wait ended)
 * @param fileCount  how many held files the answer covered
 */
public record UserResponse(
        @JsonProperty(required = true) OverrideOutcome outcome,
        String reasonId,
        String reasonText,
        @JsonProperty(required = true) Instant answeredAt,
        int fileCount) {

    public UserResponse {
        Fields.required(outcome, "outcome");
        Fields.optionalText(reasonId, "reasonId", 64);
        Fields.optionalText(reasonText, "reasonText", 2000);
        Fields.required(answeredAt, "answeredAt");
        Fields.nonNegative(fileCount, "fileCount");
        if (outcome == OverrideOutcome.CONTINUED && reasonId == null) {
            throw new InvalidFieldException("reasonId", "is required when the employee continued");
        }
    }
}

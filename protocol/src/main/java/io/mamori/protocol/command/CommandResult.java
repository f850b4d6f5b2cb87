package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent's report on a command, {@code POST /api/v1/agents/{id}/commands/{cmdId}/result}.
 *
 * @param commandId   the command
 * @param outcome     DONE, FAILED or UNSUPPORTED
 * @param detail      why it failed, or what was done ("released to E:\\報告書.xlsx")
 * @param completedAt when the agent finished
 */
public record CommandResult(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) CommandOutcome outcome,
        String detail,
        @JsonProperty(required = true) Instant completedAt) {

    public CommandResult {
        Fields.required(commandId, "commandId");
        Fields.required(outcome, "outcome");
        Fields.optionalText(detail, "detail", 4000);
        Fields.required(completedAt, "completedAt");
        if (outcome == CommandOutcome.FAILED && (detail == null || detail.isBlank())) {
            throw new InvalidFieldException("detail", "is required when a command failed: say why");
        }
    }
}

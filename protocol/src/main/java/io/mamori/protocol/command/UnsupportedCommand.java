package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.time.Instant;
import java.util.UUID;

/**
 * A command of a type this build does not know (the console is newer). The agent answers it
 * with {@link CommandOutcome#UNSUPPORTED}; it is never sent.
 *
 * @param commandId the command's id
 * @param issuedAt  when it was issued
 * @param type      the unknown type name
 */
public record UnsupportedCommand(
        @JsonProperty(required = true) UUID commandId,
        Instant issuedAt,
        String type) implements Command {

    public UnsupportedCommand {
        Fields.required(commandId, "commandId");
        Fields.optionalText(type, "type", 200);
    }
}

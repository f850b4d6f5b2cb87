package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Something the console asks one agent to do, delivered in the answer to a heartbeat. The JSON
 * form carries {@code "type"}; a type this build does not know arrives as
 * {@link UnsupportedCommand} so the agent can report it instead of failing the whole heartbeat.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
        visible = true, defaultImpl = UnsupportedCommand.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReleaseFile.class, name = ReleaseFile.TYPE),
        @JsonSubTypes.Type(value = PurgeFile.class, name = PurgeFile.TYPE),
        @JsonSubTypes.Type(value = GrantException.class, name = GrantException.TYPE),
        @JsonSubTypes.Type(value = RevokeException.class, name = RevokeException.TYPE),
        @JsonSubTypes.Type(value = RefreshPatchStatus.class, name = RefreshPatchStatus.TYPE),
        @JsonSubTypes.Type(value = AnswerDeviceRequest.class, name = AnswerDeviceRequest.TYPE)
})
public sealed interface Command
        permits ReleaseFile, PurgeFile, GrantException, RevokeException, RefreshPatchStatus, AnswerDeviceRequest, UnsupportedCommand {

    /** Unique id; the agent reports the result under it. */
    UUID commandId();

    /** When the console created the command. */
    Instant issuedAt();

    /** The type name in JSON. */
    String type();
}

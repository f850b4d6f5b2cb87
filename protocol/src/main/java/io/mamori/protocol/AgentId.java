package io.mamori.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The console-assigned identity of an enrolled agent. */
public record AgentId(UUID value) {

    public AgentId {
        Fields.required(value, "agentId");
    }

    @JsonCreator
    public static AgentId parse(String text) {
        try {
            return new AgentId(UUID.fromString(Fields.required(text, "agentId")));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidFieldException invalid) {
                throw invalid;
            }
            throw new InvalidFieldException("agentId", "'" + text + "' is not a UUID");
        }
    }

    public static AgentId random() {
        return new AgentId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}

package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;

/**
 * The body of every 4xx/5xx answer: a stable code, a message for people, and the field that was
 * wrong when there is one ({@code events[2].file.sha256}).
 */
public record ErrorResponse(
        @JsonProperty(required = true) String code,
        @JsonProperty(required = true) String message,
        String field) {

    public ErrorResponse {
        Fields.requiredText(code, "code", 64);
        Fields.requiredText(message, "message", 4000);
        Fields.optionalText(field, "field", 1000);
    }
}

package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.regex.Pattern;

/**
 * A reason an employee may choose to continue a held (WARN_OVERRIDE) copy, such as
 * "業務上必要 / part of an approved workflow".
 *
 * @param id           stable id recorded with the answer
 * @param label        what the employee sees
 * @param requiresText whether the employee must also type an explanation ("その他 / other")
 */
public record OverrideReason(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) LocalizedText label,
        boolean requiresText) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._\\-]{0,63}");

    public OverrideReason {
        Fields.required(id, "id");
        Fields.matching(id, ID, "id", "1 to 64 lowercase letters, digits, '.', '_' or '-'");
        Fields.required(label, "label");
    }
}

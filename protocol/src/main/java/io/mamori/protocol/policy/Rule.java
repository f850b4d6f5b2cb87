package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.util.regex.Pattern;

/**
 * One policy rule: when {@code when} holds for a file (scope FILE) or a mounted device (scope
 * DEVICE), the agent takes {@code action}.
 *
 * @param id          stable id, recorded in every event the rule decided
 * @param description what the rule is for, for administrators
 * @param scope       FILE or DEVICE
 * @param when        the condition; absent means always
 * @param action      what to do; must suit the scope
 * @param disabled    kept in the document but not evaluated
 */
public record Rule(
        @JsonProperty(required = true) String id,
        String description,
        @JsonProperty(required = true) RuleScope scope,
        RuleCondition when,
        @JsonProperty(required = true) Action action,
        boolean disabled) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._\\-]{0,63}");

    public Rule {
        Fields.required(id, "id");
        Fields.matching(id, ID, "id", "1 to 64 lowercase letters, digits, '.', '_' or '-' (was '" + id + "')");
        Fields.optionalText(description, "description", 1000);
        Fields.required(scope, "scope");
        when = when == null ? RuleCondition.always() : when;
        Fields.required(action, "action");
        if (scope == RuleScope.FILE && !action.appliesToFiles()) {
            throw new InvalidFieldException("action", action + " acts on a whole device; use it in a rule with scope DEVICE");
        }
        if (scope == RuleScope.DEVICE && !action.appliesToDevices()) {
            throw new InvalidFieldException("action", action + " acts on single files; use it in a rule with scope FILE");
        }
        if (scope == RuleScope.DEVICE && when.inspectsContent()) {
            throw new InvalidFieldException("when", "a DEVICE rule is decided at mount time, before any file is"
                    + " written, so it cannot test findings, inspection, reportable or minPeople");
        }
    }
}

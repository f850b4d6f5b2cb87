package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.List;

/**
 * What policy decided for a device or a file, and why.
 *
 * @param action          the action taken
 * @param matchedRuleIds  every rule that matched, in policy order (empty: the default applied)
 * @param exceptionId     the exception that decided it, if one did
 * @param deviceApproved  whether the device counted as approved
 * @param policyVersion   the version of the policy that decided (0 when none was in force)
 */
public record Decision(
        @JsonProperty(required = true) Action action,
        List<String> matchedRuleIds,
        String exceptionId,
        boolean deviceApproved,
        long policyVersion) {

    public Decision {
        Fields.required(action, "action");
        matchedRuleIds = Fields.list(matchedRuleIds, "matchedRuleIds", 1000);
        Fields.optionalText(exceptionId, "exceptionId", 64);
        Fields.nonNegative(policyVersion, "policyVersion");
    }
}

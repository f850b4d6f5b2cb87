package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.finding.InspectionStatus;
import java.util.Map;

/**
 * The least the agent does with a file it could not inspect (encrypted, corrupt, too large,
 * timed out, unsupported, inspector failure). Rules may do more; nothing may do less, and
 * "could not inspect" is never a silent ALLOW.
 *
 * @param action   the floor for every status other than OK
 * @param byStatus a different floor for particular statuses
 */
public record UninspectableHandling(
        @JsonProperty(required = true) Action action,
        Map<InspectionStatus, Action> byStatus) {

    public UninspectableHandling {
        checkFloor(Fields.required(action, "action"), "action");
        byStatus = Fields.map(byStatus, "byStatus", InspectionStatus.values().length);
        byStatus.forEach((status, floor) -> {
            if (status == InspectionStatus.OK) {
                throw new InvalidFieldException("byStatus", "OK is not a 'could not inspect' status");
            }
            checkFloor(floor, "byStatus." + status);
        });
    }

    /** The floor for a status; {@link Action#ALLOW} when the file was inspected. */
    public Action floorFor(InspectionStatus status) {
        if (status.isComplete()) {
            return Action.ALLOW;
        }
        return byStatus.getOrDefault(status, action);
    }

    private static void checkFloor(Action floor, String field) {
        if (!floor.appliesToFiles()) {
            throw new InvalidFieldException(field, floor + " is a device action; use a file action");
        }
        if (floor == Action.ALLOW) {
            throw new InvalidFieldException(field, "a file that could not be inspected is never silently allowed;"
                    + " use AUDIT or stronger");
        }
    }
}

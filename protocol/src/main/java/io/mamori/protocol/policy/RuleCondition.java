package io.mamori.protocol.policy;

import io.mamori.protocol.Fields;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When a rule applies. Every part that is given must hold; a part left empty or {@code null}
 * does not restrict. Within {@code findings} and {@code reportable}, one entry is enough.
 *
 * @param findings       at least one of these finding criteria is met
 * @param inspection     the file's inspection status is one of these
 * @param reportable     at least one of these APPI triggers applies
 * @param minPeople      the file covers at least this many people
 * @param deviceClasses  the device is of one of these classes
 * @param approvedDevice {@code true}: only approved devices; {@code false}: only unapproved ones
 * @param userGroups     the user belongs to at least one of these groups
 */
public record RuleCondition(
        List<FindingCriterion> findings,
        Set<InspectionStatus> inspection,
        Set<ReportableTrigger> reportable,
        Integer minPeople,
        Set<DeviceClass> deviceClasses,
        Boolean approvedDevice,
        Set<String> userGroups) {

    private static final Pattern GROUP = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    public RuleCondition {
        findings = Fields.list(findings, "findings", 100);
        inspection = Fields.set(inspection, "inspection", InspectionStatus.values().length);
        reportable = Fields.set(reportable, "reportable", ReportableTrigger.values().length);
        Fields.optionalAtLeast(minPeople, 1, "minPeople");
        deviceClasses = Fields.set(deviceClasses, "deviceClasses", DeviceClass.values().length);
        userGroups = Fields.set(userGroups, "userGroups", 1000);
        for (String group : userGroups) {
            Fields.matching(group, GROUP, "userGroups", "group names of 1 to 256 characters without control characters");
        }
    }

    /** A condition that always holds. */
    public static RuleCondition always() {
        return new RuleCondition(null, null, null, null, null, null, null);
    }

    /** True when the condition looks at the file's content, which a device rule cannot do. */
    public boolean inspectsContent() {
        return !findings.isEmpty() || !inspection.isEmpty() || !reportable.isEmpty() || minPeople != null;
    }
}

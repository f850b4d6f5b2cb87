package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.ProtocolVersion;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.patch.PatchThresholds;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A policy document: what the agent does with removable devices and the files written to them,
 * which devices are approved, what the employee is told, and the patch level required. The
 * console signs it (see {@code io.mamori.protocol.signing}); the agent enforces the newest one
 * whose signature verifies.
 *
 * @param format                 document format, {@value ProtocolVersion#CURRENT} for this build
 * @param name                   the policy's name ("default", "退職予定者")
 * @param version                increases by one with every published change
 * @param issuedAt               when this version was published
 * @param description            what the policy is for
 * @param defaultFileAction      the action for a file when no FILE rule matches
 * @param rules                  the rules, in the order administrators see them
 * @param deviceAllowList        devices that count as approved
 * @param uninspectable          the least done with files that could not be inspected
 * @param customDetectors        administrator-defined finding types
 * @param overrideReasons        reasons offered when a copy is held (WARN_OVERRIDE)
 * @param overrideTimeoutSeconds how long a held copy waits for the employee (default 120)
 * @param patch                  patch-compliance thresholds
 * @param notifications          texts that replace the built-in messages, by message key
 * @param releaseFolders         folders of the employee's home a reviewer may release files into
 *                               ({@link ReleaseFolders}); null (absent) for the whole home, empty for none
 */
public record Policy(
        @JsonProperty(required = true) int format,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) long version,
        @JsonProperty(required = true) Instant issuedAt,
        String description,
        @JsonProperty(required = true) Action defaultFileAction,
        List<Rule> rules,
        List<DeviceMatcher> deviceAllowList,
        @JsonProperty(required = true) UninspectableHandling uninspectable,
        List<CustomDetectorSpec> customDetectors,
        List<OverrideReason> overrideReasons,
        Integer overrideTimeoutSeconds,
        PatchThresholds patch,
        Map<String, LocalizedText> notifications,
        List<String> releaseFolders) {

    public static final int DEFAULT_OVERRIDE_TIMEOUT_SECONDS = 120;
    private static final Pattern MESSAGE_KEY = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9][a-z0-9\\-]*)*");

    public Policy {
        if (format < 1) {
            throw new InvalidFieldException("format", "must be at least 1 (was " + format + ")");
        }
        if (format > ProtocolVersion.CURRENT) {
            throw new InvalidFieldException("format", "policy format " + format + " is newer than this build"
                    + " understands (" + ProtocolVersion.CURRENT + "); upgrade the agent");
        }
        Fields.requiredText(name, "name", 200);
        if (version < 1) {
            throw new InvalidFieldException("version", "must be at least 1 (was " + version + ")");
        }
        Fields.required(issuedAt, "issuedAt");
        Fields.optionalText(description, "description", 2000);
        Fields.required(defaultFileAction, "defaultFileAction");
        if (!defaultFileAction.appliesToFiles()) {
            throw new InvalidFieldException("defaultFileAction", defaultFileAction + " is a device action");
        }
        rules = Fields.list(rules, "rules", 1000);
        deviceAllowList = Fields.list(deviceAllowList, "deviceAllowList", 10_000);
        Fields.required(uninspectable, "uninspectable");
        customDetectors = Fields.list(customDetectors, "customDetectors", 200);
        overrideReasons = Fields.list(overrideReasons, "overrideReasons", 50);
        if (overrideTimeoutSeconds == null) {
            overrideTimeoutSeconds = DEFAULT_OVERRIDE_TIMEOUT_SECONDS;
        } else if (overrideTimeoutSeconds < 10 || overrideTimeoutSeconds > 3600) {
            throw new InvalidFieldException("overrideTimeoutSeconds", "must be between 10 and 3600 (was "
                    + overrideTimeoutSeconds + ")");
        }
        patch = patch == null ? PatchThresholds.none() : patch;
        notifications = Fields.map(notifications, "notifications", 200);
        for (String key : notifications.keySet()) {
            Fields.matching(key, MESSAGE_KEY, "notifications", "keyed by message keys such as device.mounted.blocked"
                    + " (was '" + key + "')");
        }
        if (releaseFolders != null) {
            releaseFolders = Fields.list(releaseFolders, "releaseFolders", 50);
            for (int i = 0; i < releaseFolders.size(); i++) {
                ReleaseFolders.check(releaseFolders.get(i), "releaseFolders[" + i + "]");
            }
        }
        checkUniqueIds(rules, customDetectors, overrideReasons);
        checkCustomTypesDefined(rules, customDetectors);
        if (overrideReasons.isEmpty() && rules.stream().anyMatch(r -> !r.disabled() && r.action() == Action.WARN_OVERRIDE)) {
            throw new InvalidFieldException("overrideReasons", "rules use WARN_OVERRIDE, so at least one reason must be"
                    + " offered to the employee");
        }
    }

    /** The folders a release may go into: the policy's, or the whole home when it names none. */
    public List<String> releaseFoldersInForce() {
        return releaseFolders == null ? ReleaseFolders.DEFAULT : releaseFolders;
    }

    /** The custom detector for a {@code CUSTOM:<name>} type, if this policy defines it. */
    public CustomDetectorSpec customDetector(FindingType type) {
        for (CustomDetectorSpec spec : customDetectors) {
            if (spec.type().equals(type)) {
                return spec;
            }
        }
        return null;
    }

    private static void checkUniqueIds(List<Rule> rules, List<CustomDetectorSpec> custom, List<OverrideReason> reasons) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!seen.add(rules.get(i).id())) {
                throw new InvalidFieldException("rules[" + i + "].id", "'" + rules.get(i).id() + "' is used by an earlier rule");
            }
        }
        seen.clear();
        for (int i = 0; i < custom.size(); i++) {
            if (!seen.add(custom.get(i).name())) {
                throw new InvalidFieldException("customDetectors[" + i + "].name", "'" + custom.get(i).name()
                        + "' is defined twice");
            }
        }
        seen.clear();
        for (int i = 0; i < reasons.size(); i++) {
            if (!seen.add(reasons.get(i).id())) {
                throw new InvalidFieldException("overrideReasons[" + i + "].id", "'" + reasons.get(i).id()
                        + "' is used twice");
            }
        }
    }

    private static void checkCustomTypesDefined(List<Rule> rules, List<CustomDetectorSpec> custom) {
        Set<FindingType> defined = new HashSet<>();
        custom.forEach(spec -> defined.add(spec.type()));
        for (int r = 0; r < rules.size(); r++) {
            List<FindingCriterion> criteria = rules.get(r).when().findings();
            for (int c = 0; c < criteria.size(); c++) {
                for (FindingType type : criteria.get(c).types()) {
                    if (type.isCustom() && !defined.contains(type)) {
                        throw new InvalidFieldException("rules[" + r + "].when.findings[" + c + "].types",
                                type + " is not defined in customDetectors");
                    }
                }
            }
        }
    }
}

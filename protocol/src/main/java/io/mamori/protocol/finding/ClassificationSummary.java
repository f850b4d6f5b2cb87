package io.mamori.protocol.finding;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.List;
import java.util.Set;

/**
 * What the classifier said about one file, in the form that travels in events and that policy
 * is evaluated against.
 *
 * @param status     whether the content could be inspected
 * @param reason     why not, when {@code status} is not OK (a sentence for people, no content)
 * @param mediaType  the type detected from the content, e.g. {@code application/pdf}
 * @param findings   one entry per (type, confidence)
 * @param people     estimated number of distinct people the file covers
 * @param reportable the APPI reporting triggers that apply
 * @param peopleKeys the people as keys, to count them across files (absent over 1,000 people, and from older agents)
 */
public record ClassificationSummary(
        @JsonProperty(required = true) InspectionStatus status,
        String reason,
        String mediaType,
        List<FindingSummary> findings,
        int people,
        Set<ReportableTrigger> reportable,
        PeopleKeys peopleKeys) {

    public static final int MAX_FINDINGS = 200;

    public ClassificationSummary {
        Fields.required(status, "status");
        Fields.optionalText(reason, "reason", 1000);
        Fields.optionalText(mediaType, "mediaType", 255);
        findings = Fields.list(findings, "findings", MAX_FINDINGS);
        Fields.nonNegative(people, "people");
        reportable = Fields.set(reportable, "reportable", ReportableTrigger.values().length);
    }

    /** A summary without people keys. */
    public ClassificationSummary(InspectionStatus status, String reason, String mediaType, List<FindingSummary> findings,
            int people, Set<ReportableTrigger> reportable) {
        this(status, reason, mediaType, findings, people, reportable, null);
    }

    /** A clean, fully inspected file. */
    public static ClassificationSummary clean(String mediaType) {
        return new ClassificationSummary(InspectionStatus.OK, null, mediaType, List.of(), 0, Set.of());
    }

    /** A file that could not be inspected, with the reason. */
    public static ClassificationSummary notInspected(InspectionStatus status, String reason, String mediaType) {
        if (status.isComplete()) {
            throw new IllegalArgumentException("notInspected needs a status other than OK");
        }
        return new ClassificationSummary(status, reason, mediaType, List.of(), 0, Set.of());
    }

    /**
     * How many findings of the given types (all types when {@code types} is empty) have at least
     * the given confidence.
     */
    public int count(Set<FindingType> types, Confidence minimum) {
        int total = 0;
        for (FindingSummary finding : findings) {
            if ((types.isEmpty() || types.contains(finding.type())) && finding.confidence().isAtLeast(minimum)) {
                total += finding.count();
            }
        }
        return total;
    }
}

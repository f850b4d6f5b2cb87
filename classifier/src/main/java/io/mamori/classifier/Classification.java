package io.mamori.classifier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mamori.classifier.detect.DetectionTally;
import io.mamori.classifier.detect.Finding;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.PeopleKeys;
import io.mamori.protocol.finding.ReportableTrigger;
import java.util.List;
import java.util.Set;

/**
 * What the classifier says about one file: the type detected from its content, whether it could
 * be inspected, its SHA-256, its findings summarised per type and confidence (counts and masked
 * samples), how many people it covers and which APPI reporting triggers apply. The individual
 * findings are kept too, but only in the process that made them: they do not travel from an
 * inspection worker (only the summaries are needed outside).
 *
 * @param path       the file, as given
 * @param mediaType  the type detected from the content
 * @param status     OK, or why the content could not be fully inspected
 * @param reason     a sentence for people when status is not OK
 * @param sha256     the content hash, lowercase hex (null when the file could not be read)
 * @param size       bytes
 * @param summaries  one summary per (type, confidence), every confidence
 * @param people     estimated distinct people covered
 * @param reportable APPI reporting triggers (judged on MEDIUM and HIGH findings)
 * @param elapsedMs  time taken
 * @param findings   every finding in text order; empty once the classification left its process
 * @param peopleKeys the people as keys, to be counted across files (null: none, or over 1,000)
 */
public record Classification(String path, String mediaType, InspectionStatus status, String reason, String sha256,
        long size, List<FindingSummary> summaries, int people, Set<ReportableTrigger> reportable, long elapsedMs,
        @JsonIgnore List<Finding> findings, PeopleKeys peopleKeys) {

    public Classification {
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
        reportable = Set.copyOf(reportable);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** A classification with its findings; the summaries are made from them. */
    public static Classification of(String path, String mediaType, InspectionStatus status, String reason,
            String sha256, long size, List<Finding> findings, int people, Set<ReportableTrigger> reportable,
            long elapsedMs) {
        return new Classification(path, mediaType, status, reason, sha256, size, DetectionTally.summarise(findings),
                people, reportable, elapsedMs, findings, null);
    }

    /** A classification from the totals of a text inspected piece by piece; the findings kept are the first ones. */
    public static Classification of(String path, String mediaType, InspectionStatus status, String reason,
            String sha256, long size, DetectionTally tally, long elapsedMs) {
        return new Classification(path, mediaType, status, reason, sha256, size, tally.summaries(),
                (int) Math.min(Integer.MAX_VALUE, tally.people()), tally.reportable(), elapsedMs, tally.kept(), tally.peopleKeys());
    }

    /** A file that could not be inspected at all. */
    public static Classification notInspected(String path, String mediaType, InspectionStatus status, String reason,
            String sha256, long size, long elapsedMs) {
        return new Classification(path, mediaType, status, reason, sha256, size, List.of(), 0, Set.of(), elapsedMs,
                List.of(), null);
    }

    /** The same classification for another path and time (a cache hit). */
    public Classification forPath(String otherPath, long otherElapsedMs) {
        return new Classification(otherPath, mediaType, status, reason, sha256, size, summaries, people, reportable,
                otherElapsedMs, findings, peopleKeys);
    }

    Classification withSha256(String hash) {
        return new Classification(path, mediaType, status, reason, hash, size, summaries, people, reportable, elapsedMs,
                findings, peopleKeys);
    }

    /** True when some finding has at least the given confidence. */
    public boolean hasFindings(Confidence minimum) {
        return summaries.stream().anyMatch(s -> s.confidence().isAtLeast(minimum));
    }

    /**
     * One summary per (type, confidence) at or above {@code minimum}: built-in types in the
     * order of the design brief, then custom ones; higher confidence first; at most
     * {@value FindingSummary#MAX_SAMPLES} distinct masked samples each.
     */
    public List<FindingSummary> summaries(Confidence minimum) {
        return summaries.stream().filter(s -> s.confidence().isAtLeast(minimum)).toList();
    }

    /** The protocol form that travels in events. */
    public ClassificationSummary toSummary(Confidence minimum) {
        return new ClassificationSummary(status, reason, mediaType, summaries(minimum), people, reportable, peopleKeys);
    }

}

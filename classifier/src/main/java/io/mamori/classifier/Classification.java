package io.mamori.classifier;

import io.mamori.classifier.detect.Finding;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the classifier says about one file: the type detected from its content, whether it could
 * be inspected, its SHA-256, every finding (masked), how many people it covers and which APPI
 * reporting triggers apply.
 *
 * @param path       the file, as given
 * @param mediaType  the type detected from the content
 * @param status     OK, or why the content could not be fully inspected
 * @param reason     a sentence for people when status is not OK
 * @param sha256     the content hash, lowercase hex (null when the file could not be read)
 * @param size       bytes
 * @param findings   every finding, in text order
 * @param people     estimated distinct people covered
 * @param reportable APPI reporting triggers (judged on MEDIUM and HIGH findings)
 * @param elapsedMs  time taken
 */
public record Classification(String path, String mediaType, InspectionStatus status, String reason, String sha256,
        long size, List<Finding> findings, int people, Set<ReportableTrigger> reportable, long elapsedMs) {

    public Classification {
        findings = List.copyOf(findings);
        reportable = Set.copyOf(reportable);
    }

    Classification withSha256(String hash) {
        return new Classification(path, mediaType, status, reason, hash, size, findings, people, reportable, elapsedMs);
    }

    /** True when some finding has at least the given confidence. */
    public boolean hasFindings(Confidence minimum) {
        return findings.stream().anyMatch(f -> f.confidence().isAtLeast(minimum));
    }

    /**
     * One summary per (type, confidence) at or above {@code minimum}: built-in types in the
     * order of the design brief, then custom ones; higher confidence first; at most
     * {@value FindingSummary#MAX_SAMPLES} distinct masked samples each.
     */
    public List<FindingSummary> summaries(Confidence minimum) {
        Map<FindingType, Map<Confidence, List<Finding>>> grouped = new LinkedHashMap<>();
        findings.stream()
                .filter(f -> f.confidence().isAtLeast(minimum))
                .sorted(Comparator.comparingInt((Finding f) -> typeOrder(f.type())).thenComparing(f -> f.type().id())
                        .thenComparing(Finding::confidence, Comparator.reverseOrder()))
                .forEach(f -> grouped.computeIfAbsent(f.type(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(f.confidence(), c -> new ArrayList<>()).add(f));
        List<FindingSummary> summaries = new ArrayList<>();
        grouped.forEach((type, byConfidence) -> byConfidence.forEach((confidence, list) -> {
            Set<String> samples = new LinkedHashSet<>();
            for (Finding finding : list) {
                if (samples.size() == FindingSummary.MAX_SAMPLES) {
                    break;
                }
                String sample = finding.sample();
                samples.add(sample.length() > FindingSummary.MAX_SAMPLE_LENGTH
                        ? sample.substring(0, FindingSummary.MAX_SAMPLE_LENGTH) : sample);
            }
            summaries.add(new FindingSummary(type, confidence, list.size(), List.copyOf(samples)));
        }));
        return summaries;
    }

    /** The protocol form that travels in events. */
    public ClassificationSummary toSummary(Confidence minimum) {
        return new ClassificationSummary(status, reason, mediaType, summaries(minimum), people, reportable);
    }

    private static int typeOrder(FindingType type) {
        int index = FindingType.builtIns().indexOf(type);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}

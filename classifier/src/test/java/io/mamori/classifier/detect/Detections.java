package io.mamori.classifier.detect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.extract.TableLayout;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Runs the whole detection pipeline on a text or a table, for detector tests. */
final class Detections {

    static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneId.of("Asia/Tokyo"));
    private static final Classifier CLASSIFIER = new Classifier(ClassifierConfig.defaults().withClock(TODAY));

    private Detections() {
    }

    static Classification classify(String text) {
        return CLASSIFIER.classifyText(text, TableLayout.empty());
    }

    static Classification classify(String text, List<CustomDetectorSpec> custom) {
        return new Classifier(ClassifierConfig.defaults().withClock(TODAY).withCustomDetectors(custom))
                .classifyText(text, TableLayout.empty());
    }

    /** A table as the extractor would give it: cells joined by tabs, rows by line breaks. */
    static Classification classifyTable(List<String> header, List<List<String>> rows) {
        StringBuilder text = new StringBuilder();
        TableLayout layout = new TableLayout();
        List<List<String>> all = new java.util.ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int c = 0; c < row.size(); c++) {
                int start = text.length();
                text.append(row.get(c));
                layout.add(0, r, c, start, text.length());
                text.append(c + 1 < row.size() ? '\t' : '\n');
            }
        }
        return CLASSIFIER.classifyText(text.toString(), layout);
    }

    /** The findings of one type. */
    static List<Finding> of(Classification result, FindingType type) {
        return result.findings().stream().filter(f -> f.type().equals(type)).toList();
    }

    /** The best confidence of a type in a text, or null when it was not found at all. */
    static Confidence confidence(String text, FindingType type) {
        return best(of(classify(text), type));
    }

    static Confidence best(List<Finding> findings) {
        return findings.stream().map(Finding::confidence).max(Enum::compareTo).orElse(null);
    }
}

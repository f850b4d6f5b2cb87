package io.mamori.classifier.corpus;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.detect.Finding;
import io.mamori.classifier.detect.ValueKeys;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the classifier on a labelled corpus: per finding type, the expected (file, value) pairs
 * against those found at MEDIUM or above. Values are compared by their keyed digests, which is
 * how the classifier keeps them.
 */
public final class DetectionEvaluation {

    /** Counts and scores for one finding type. */
    public record Score(FindingType type, int truePositives, int falsePositives, int falseNegatives) {

        public double precision() {
            int found = truePositives + falsePositives;
            return found == 0 ? 1.0 : (double) truePositives / found;
        }

        public double recall() {
            int expected = truePositives + falseNegatives;
            return expected == 0 ? 1.0 : (double) truePositives / expected;
        }

        /** F-beta with beta = 2: recall weighs four times as much as precision. */
        public double f2() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 5 * p * r / (4 * p + r);
        }
    }

    /** The scores, the files that could not be inspected, and a few example misses for debugging. */
    public record Report(Map<FindingType, Score> scores, List<String> uninspected, List<String> examples) {

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "| %-20s | %5s | %5s | %5s | %9s | %6s | %5s |%n", "type", "TP", "FP",
                    "FN", "precision", "recall", "F2"));
            out.append("|----------------------|------:|------:|------:|----------:|-------:|------:|\n");
            for (Score s : scores.values()) {
                out.append(String.format(Locale.ROOT, "| %-20s | %5d | %5d | %5d | %9.3f | %6.3f | %5.3f |%n",
                        s.type().id(), s.truePositives(), s.falsePositives(), s.falseNegatives(), s.precision(),
                        s.recall(), s.f2()));
            }
            return out.toString();
        }
    }

    private DetectionEvaluation() {
    }

    public static Report evaluate(Classifier classifier, CorpusGenerator.Corpus corpus) {
        Map<FindingType, int[]> counts = new TreeMap<>();
        List<String> uninspected = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        Map<String, Integer> examplesPerKind = new java.util.HashMap<>();
        for (Map.Entry<String, Set<CorpusGenerator.Expected>> entry : corpus.labels().entrySet()) {
            Classification result = classifier.classify(corpus.directory().resolve(entry.getKey()));
            if (result.status() != InspectionStatus.OK) {
                uninspected.add(entry.getKey() + ": " + result.status() + " " + result.reason());
            }
            Map<FindingType, Set<Long>> expected = new LinkedHashMap<>();
            Map<Long, String> names = new LinkedHashMap<>();
            for (CorpusGenerator.Expected e : entry.getValue()) {
                long key = ValueKeys.of(e.canonical());
                expected.computeIfAbsent(e.type(), t -> new HashSet<>()).add(key);
                names.put(key, e.canonical());
            }
            Map<FindingType, Set<Long>> found = new LinkedHashMap<>();
            Map<Long, String> foundSamples = new LinkedHashMap<>();
            for (Finding finding : result.findings()) {
                if (finding.confidence().isAtLeast(Confidence.MEDIUM)) {
                    found.computeIfAbsent(finding.type(), t -> new HashSet<>()).add(finding.valueKey());
                    foundSamples.putIfAbsent(finding.valueKey(), finding.sample() + " (" + finding.confidence() + ")");
                }
            }
            Set<FindingType> types = new HashSet<>(expected.keySet());
            types.addAll(found.keySet());
            for (FindingType type : types) {
                Set<Long> want = expected.getOrDefault(type, Set.of());
                Set<Long> got = found.getOrDefault(type, Set.of());
                int[] c = counts.computeIfAbsent(type, t -> new int[3]);
                for (long key : got) {
                    if (want.contains(key)) {
                        c[0]++;
                    } else {
                        c[1]++;
                        if (examplesPerKind.merge("FP " + type, 1, Integer::sum) <= 6) {
                            examples.add("FP " + type + " in " + entry.getKey() + ": " + foundSamples.get(key));
                        }
                    }
                }
                for (long key : want) {
                    if (!got.contains(key)) {
                        c[2]++;
                        if (examplesPerKind.merge("FN " + type, 1, Integer::sum) <= 6) {
                            examples.add("FN " + type + " in " + entry.getKey() + ": " + names.get(key));
                        }
                    }
                }
            }
        }
        Map<FindingType, Score> scores = new LinkedHashMap<>();
        counts.forEach((type, c) -> scores.put(type, new Score(type, c[0], c[1], c[2])));
        return new Report(scores, uninspected, examples);
    }
}

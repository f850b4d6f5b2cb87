package io.mamori.classifier.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code CUSTOM:<name>} types from policy: keywords (one automaton per detector, NFKC-normalised
 * like the text, case-insensitive unless the policy says otherwise) and regular expressions over
 * the normalised text, run by RE2/J in time linear in the text (an administrator's pattern cannot
 * backtrack catastrophically; {@link CustomDetectorSpec}). Keywords are administrators' own terms
 * and are shown as found; pattern matches may be personal and are masked.
 */
public final class CustomDetector implements Detector {

    private record Compiled(AhoCorasickDoubleArrayTrie<String> keywords, List<Pattern> patterns) {
    }

    private static final Map<CustomDetectorSpec, Compiled> COMPILED = new ConcurrentHashMap<>();

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (CustomDetectorSpec spec : context.customDetectors()) {
            Compiled compiled = COMPILED.computeIfAbsent(spec, CustomDetector::compile);
            FindingType type = spec.type();
            if (compiled.keywords() != null) {
                char[] input = spec.caseSensitive() ? text.chars() : text.folded();
                compiled.keywords().parseText(input, (AhoCorasickDoubleArrayTrie.IHit<String>) (begin, end, word) -> {
                    if (end <= text.length()) {
                        findings.add(new Finding(type, spec.confidence(), begin, end, text.substring(begin, end),
                                ValueKeys.of(word)));
                    }
                });
            }
            for (Pattern pattern : compiled.patterns()) {
                Matcher matcher = pattern.matcher(context.textAsString());
                while (matcher.find()) {
                    if (matcher.end() == matcher.start()) {
                        continue;
                    }
                    String value = matcher.group();
                    findings.add(new Finding(type, spec.confidence(), matcher.start(), matcher.end(),
                            Masks.middle(value, Math.min(2, value.length() / 3), 1), ValueKeys.of(value)));
                }
            }
        }
        return findings;
    }

    private static Compiled compile(CustomDetectorSpec spec) {
        AhoCorasickDoubleArrayTrie<String> trie = null;
        if (!spec.keywords().isEmpty()) {
            Map<String, String> words = new HashMap<>();
            for (String keyword : spec.keywords()) {
                String normalized = Normalizer.normalize(keyword, Normalizer.Form.NFKC);
                String key = spec.caseSensitive() ? normalized : normalized.toLowerCase(Locale.ROOT);
                words.put(key, key);
            }
            trie = new AhoCorasickDoubleArrayTrie<>();
            trie.build(words);
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : spec.patterns()) {
            patterns.add(Pattern.compile(pattern, spec.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE));
        }
        return new Compiled(trie, List.copyOf(patterns));
    }
}

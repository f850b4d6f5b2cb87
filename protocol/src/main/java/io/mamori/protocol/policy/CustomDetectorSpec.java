package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.List;

/**
 * An administrator-defined finding type, {@code CUSTOM:<name>}: a list of keywords and/or
 * regular expressions that the classifier looks for. Patterns are in RE2 syntax and run by RE2/J,
 * in time linear in the text whatever the pattern: a policy is code every agent runs on every
 * file, so a pattern that backtracks catastrophically must be impossible, not merely unlikely.
 * RE2 has no back-references and no look-around; a pattern using them is refused when the policy
 * is read (at publish on the console), with the reason.
 *
 * @param name          the part after {@code CUSTOM:}
 * @param keywords      literal words or phrases ("プロジェクト青葉")
 * @param patterns      regular expressions; each at most {@value #MAX_PATTERN_LENGTH} characters
 * @param confidence    the confidence a match is reported with (default MEDIUM)
 * @param caseSensitive whether matching respects case (default false)
 */
public record CustomDetectorSpec(
        @JsonProperty(required = true) String name,
        List<String> keywords,
        List<String> patterns,
        Confidence confidence,
        boolean caseSensitive) {

    public static final int MAX_PATTERN_LENGTH = 500;

    public CustomDetectorSpec {
        Fields.required(name, "name");
        FindingType.custom(name); // checks the name's shape
        keywords = Fields.list(keywords, "keywords", 1000);
        for (int i = 0; i < keywords.size(); i++) {
            Fields.requiredText(keywords.get(i), "keywords[" + i + "]", 200);
        }
        patterns = Fields.list(patterns, "patterns", 100);
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = Fields.requiredText(patterns.get(i), "patterns[" + i + "]", MAX_PATTERN_LENGTH);
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidFieldException("patterns[" + i + "]", "is not a valid regular expression for the"
                        + " linear-time engine (RE2 syntax: no back-references, no look-ahead or look-behind): " + e.getDescription()
                        + (e.getPattern() == null ? "" : " in '" + e.getPattern() + "'"));
            }
        }
        if (keywords.isEmpty() && patterns.isEmpty()) {
            throw new InvalidFieldException("keywords", "a custom detector needs at least one keyword or pattern");
        }
        confidence = confidence == null ? Confidence.MEDIUM : confidence;
    }

    public FindingType type() {
        return FindingType.custom(name);
    }
}

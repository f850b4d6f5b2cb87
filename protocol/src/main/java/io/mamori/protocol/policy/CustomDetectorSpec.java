package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An administrator-defined finding type, {@code CUSTOM:<name>}: a list of keywords and/or
 * regular expressions (Java syntax) that the classifier looks for.
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
                throw new InvalidFieldException("patterns[" + i + "]", "is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
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

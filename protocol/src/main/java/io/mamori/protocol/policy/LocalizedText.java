package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.Locale;

/**
 * A text a person reads, in Japanese and English. Both are required: every employee and
 * administrator gets one of the two.
 */
public record LocalizedText(
        @JsonProperty(required = true) String ja,
        @JsonProperty(required = true) String en) {

    public LocalizedText {
        Fields.requiredText(ja, "ja", 2000);
        Fields.requiredText(en, "en", 2000);
    }

    /** Japanese for a Japanese locale, English for every other. */
    public String in(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? ja : en;
    }
}

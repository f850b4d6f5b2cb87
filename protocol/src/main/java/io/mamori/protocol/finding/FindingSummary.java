package io.mamori.protocol.finding;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.List;

/**
 * All findings of one type at one confidence in a file: how many, and a few masked samples
 * (for example {@code 1234-****-**78}). Raw values never leave the classifier.
 *
 * @param type       the finding type
 * @param confidence the confidence shared by these findings
 * @param count      how many were found (at least one)
 * @param samples    at most {@value #MAX_SAMPLES} masked excerpts
 */
public record FindingSummary(
        @JsonProperty(required = true) FindingType type,
        @JsonProperty(required = true) Confidence confidence,
        @JsonProperty(required = true) int count,
        List<String> samples) {

    public static final int MAX_SAMPLES = 5;
    public static final int MAX_SAMPLE_LENGTH = 200;

    public FindingSummary {
        Fields.required(type, "type");
        Fields.required(confidence, "confidence");
        Fields.atLeast(count, 1, "count");
        samples = Fields.list(samples, "samples", MAX_SAMPLES);
        for (int i = 0; i < samples.size(); i++) {
            Fields.optionalText(samples.get(i), "samples[" + i + "]", MAX_SAMPLE_LENGTH);
        }
    }
}

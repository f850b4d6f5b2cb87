package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.Set;

/**
 * "At least {@code minCount} findings of these types at {@code minConfidence} or above."
 *
 * @param types         the types that count; empty means every type
 * @param minConfidence the weakest confidence that counts
 * @param minCount      how many findings are needed, at least 1 (default 1)
 */
public record FindingCriterion(
        Set<FindingType> types,
        @JsonProperty(required = true) Confidence minConfidence,
        Integer minCount) {

    public FindingCriterion {
        types = Fields.set(types, "types", 100);
        Fields.required(minConfidence, "minConfidence");
        minCount = minCount == null ? 1 : Fields.atLeast(minCount, 1, "minCount");
    }

    public boolean isMetBy(ClassificationSummary classification) {
        return classification.count(types, minConfidence) >= minCount;
    }
}

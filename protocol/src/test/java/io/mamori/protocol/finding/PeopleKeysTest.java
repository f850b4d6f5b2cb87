package io.mamori.protocol.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.json.ProtocolJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** People keys travel in a summary when there are some, are absent otherwise, and are refused when they are not keys. */
class PeopleKeysTest {

    private static ClassificationSummary summary(PeopleKeys keys) {
        return new ClassificationSummary(InspectionStatus.OK, null, "text/csv", List.of(), 2, Set.of(), keys);
    }

    @Test
    void aSummaryWithKeysRoundTripsAndOneWithoutWritesWhatItDidBefore() {
        ClassificationSummary with = summary(new PeopleKeys(FindingType.JP_PHONE, List.of("00000001", "ffffffff")));
        String json = ProtocolJson.write(with);
        assertThat(json).contains("\"peopleKeys\":{\"type\":\"JP_PHONE\",\"keys\":[\"00000001\",\"ffffffff\"]}");
        assertThat(ProtocolJson.read(json, ClassificationSummary.class)).isEqualTo(with);

        ClassificationSummary without = new ClassificationSummary(InspectionStatus.OK, null, "text/csv", List.of(), 2, Set.of());
        assertThat(ProtocolJson.write(without)).doesNotContain("peopleKeys");
        assertThat(ProtocolJson.read(ProtocolJson.write(without), ClassificationSummary.class)).isEqualTo(without);
    }

    @Test
    void keysThatAreNotKeysOrTooManyAreRefusedWithTheField() {
        assertThatThrownBy(() -> new PeopleKeys(FindingType.EMAIL, List.of("090-1234-5678")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("keys[0]");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= PeopleKeys.MAX_KEYS; i++) {
            many.add(String.format("%08x", i));
        }
        assertThatThrownBy(() -> new PeopleKeys(FindingType.EMAIL, many)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("keys");
    }
}

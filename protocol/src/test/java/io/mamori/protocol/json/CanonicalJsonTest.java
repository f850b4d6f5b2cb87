package io.mamori.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static String canonical(String json) {
        return CanonicalJson.text(ProtocolJson.readTree(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 8785 section 3.2.3: members sorted by UTF-16 code units, not by code points or bytes. */
    @Test
    void membersAreSortedByUtf16CodeUnitsAsInRfc8785() {
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    /** RFC 8785 section 3.2.2.2: the shortest escapes, lowercase hex, everything else literal. */
    @Test
    void stringsUseTheShortestEscapes() {
        String input = "{\"s\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}";
        assertThat(canonical(input)).isEqualTo("{\"s\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void whiteSpaceAndMemberOrderDoNotMatter() {
        String a = "{ \"b\" : [1, 2, {\"y\":true, \"x\":null}],\n \"a\" : \"日本語\" }";
        String b = "{\"a\":\"\\u65e5\\u672c\\u8a9e\",\"b\":[1,2,{\"x\":null,\"y\":true}]}";
        assertThat(canonical(a)).isEqualTo(canonical(b)).isEqualTo("{\"a\":\"日本語\",\"b\":[1,2,{\"x\":null,\"y\":true}]}");
    }

    @Test
    void arraysKeepTheirOrder() {
        assertThat(canonical("[3,1,2]")).isEqualTo("[3,1,2]");
    }

    @Test
    void wholeNumbersInAnySpellingHaveOneForm() {
        assertThat(canonical("[1.0, 1e2, -0, 100, 9007199254740991]")).isEqualTo("[1,100,0,100,9007199254740991]");
    }

    @Test
    void fractionsAreRefusedRatherThanRounded() {
        assertThatThrownBy(() -> canonical("{\"a\":[0.5]}")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("$.a[0]").hasMessageContaining("whole numbers");
    }

    @Test
    void integersBeyondTwoToThe53AreRefused() {
        // 2^53 + 1 and 2^53 would share one RFC 8785 form, and so one signature
        assertThatThrownBy(() -> canonical("[9007199254740993]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2^53");
    }

    @Test
    void aLoneSurrogateIsRefused() {
        assertThatThrownBy(() -> canonical("[\"\\ud800x\"]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void theCanonicalFormIsAFixedPointOfReparsing() {
        JsonNode policy = ProtocolJson.toTree(Samples.policy());
        byte[] once = CanonicalJson.bytes(policy);
        byte[] twice = CanonicalJson.bytes(ProtocolJson.readTree(once));
        assertThat(twice).isEqualTo(once);
    }
}

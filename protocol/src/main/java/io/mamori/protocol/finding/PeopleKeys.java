package io.mamori.protocol.finding;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The people of one file as keys, so that the console can count people across the files of an
 * incident without counting one person twice (issue 23): for the personal type that gives the
 * file's people estimate, one key per distinct value — the first 32 bits of SipHash-2-4 under a
 * secret key of the agent that never leaves it. Sent only while the file covers at most
 * {@value #MAX_KEYS} people (more is reportable by itself). Thirty-two bits are enough to tell a
 * thousand values apart (two of them share a key about once in ten thousand files) and too few
 * to tell one value back even to someone with the agent's key: every key stands for many phone
 * numbers or My Numbers.
 *
 * @param type the finding type whose values the keys are
 * @param keys distinct keys, eight lower-case hex digits each, sorted
 */
public record PeopleKeys(@JsonProperty(required = true) FindingType type, @JsonProperty(required = true) List<String> keys) {

    public static final int MAX_KEYS = 1000;
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{8}");

    public PeopleKeys {
        Fields.required(type, "type");
        keys = Fields.list(keys, "keys", MAX_KEYS);
        for (int i = 0; i < keys.size(); i++) {
            Fields.matching(keys.get(i), KEY, "keys[" + i + "]", "eight lower-case hex digits");
        }
    }
}

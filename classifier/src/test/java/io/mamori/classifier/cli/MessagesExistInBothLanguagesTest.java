package io.mamori.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message the scanner can print exists in English and Japanese, once. */
class MessagesExistInBothLanguagesTest {

    @Test
    void theKeysAreTheSame() {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle english = ResourceBundle.getBundle("io.mamori.classifier.cli.messages", Locale.ROOT, noFallback);
        ResourceBundle japanese = ResourceBundle.getBundle("io.mamori.classifier.cli.messages", Locale.JAPANESE, noFallback);
        assertThat(japanese.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
    }

    /** A key given twice silently keeps the last value: an option's help once showed a format string this way. */
    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_ja.properties"})
    void noKeyIsGivenTwice(String file) throws IOException {
        List<String> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (InputStream in = getClass().getResourceAsStream(file);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
                if (!seen.add(key)) {
                    duplicates.add(key);
                }
            }
        }
        assertThat(duplicates).as(file).isEmpty();
    }
}

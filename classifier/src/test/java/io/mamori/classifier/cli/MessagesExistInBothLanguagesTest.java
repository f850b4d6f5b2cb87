package io.mamori.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every message the scanner can print exists in English and Japanese. */
class MessagesExistInBothLanguagesTest {

    @Test
    void theKeysAreTheSame() {
        ResourceBundle.Control noFallback = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle english = ResourceBundle.getBundle("io.mamori.classifier.cli.messages", Locale.ROOT, noFallback);
        ResourceBundle japanese = ResourceBundle.getBundle("io.mamori.classifier.cli.messages", Locale.JAPANESE, noFallback);
        Set<String> englishKeys = english.keySet();
        Set<String> japaneseKeys = japanese.keySet();
        assertThat(japaneseKeys).containsExactlyInAnyOrderElementsOf(englishKeys);
        for (String key : japaneseKeys) {
            assertThat(japanese.getString(key)).as(key).isNotEqualTo(english.getString(key) + "\u0000");
        }
    }
}

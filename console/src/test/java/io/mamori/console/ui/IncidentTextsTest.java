package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.incidents.AppiAssessment;
import io.mamori.console.incidents.ResponseStep;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The incidents pages read the same in both languages: every key in both bundles, every step and verdict named. */
class IncidentTextsTest {

    @Test
    void japaneseAndEnglishHaveTheSameKeysAndNameEveryStepTriggerAndVerdict() {
        ResourceBundle english = UiTexts.bundle("incidents", Locale.ROOT);
        ResourceBundle japanese = UiTexts.bundle("incidents", Locale.JAPANESE);
        assertThat(japanese.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
        for (ResponseStep step : ResponseStep.values()) {
            assertThat(english.keySet()).contains("incidents.step." + step, "incidents.step.hint." + step);
        }
        for (AppiAssessment.Trigger trigger : AppiAssessment.Trigger.values()) {
            assertThat(english.keySet()).contains("appi.trigger." + trigger);
        }
        for (AppiAssessment.Verdict verdict : AppiAssessment.Verdict.values()) {
            assertThat(english.keySet()).contains("appi.verdict." + verdict, "appi.verdict.why." + verdict,
                    "appi.verdict.short." + verdict);
        }
        assertThat(japanese.getString("incidents.step.REPORTING")).isEqualTo("報告・公表");
        // texts pass through a message format, which eats a plain apostrophe
        english.keySet().forEach(key -> assertThat(english.getString(key)).as(key).doesNotContain("'"));
    }
}

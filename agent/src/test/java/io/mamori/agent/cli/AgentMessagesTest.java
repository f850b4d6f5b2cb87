package io.mamori.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** Everything the agent's commands say exists in English and in Japanese. */
class AgentMessagesTest {

    @Test
    void everyMessageIsInBothLanguages() {
        ResourceBundle.Control exact = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle english = ResourceBundle.getBundle("io.mamori.agent.messages", Locale.ROOT, exact);
        ResourceBundle japanese = ResourceBundle.getBundle("io.mamori.agent.messages", Locale.JAPANESE, exact);
        assertThat(japanese.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
        assertThat(japanese.getString("verify.broken")).contains("%d").contains("%s");
    }
}

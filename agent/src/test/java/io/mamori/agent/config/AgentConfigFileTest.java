package io.mamori.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("agent.yml"), yaml);
    }

    @Test
    void noFileMeansTheDefaults() throws Exception {
        assertThat(AgentConfigFile.read(dir.resolve("absent.yml"))).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void readsEverySectionItKnows() throws Exception {
        AgentConfig config = AgentConfigFile.read(write("outbox:\n  batch-size: 200\n  max-age: 14d\nlog:\n  retention: 30d\n"
                + "  max-size-mb: 512\nwatchdog:\n  stall-after: 90s\n"));
        assertThat(config.batchSize()).isEqualTo(200);
        assertThat(config.outboxMaxAge()).isEqualTo(Duration.ofDays(14));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.maxLogBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(config.stallAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.outboxMaxEvents()).isEqualTo(AgentConfig.defaults().outboxMaxEvents());
    }

    @Test
    void aMisspelledSettingIsAnErrorNamingIt() throws Exception {
        Path file = write("outbox:\n  max-event: 5000\n");
        assertThatThrownBy(() -> AgentConfigFile.read(file)).isInstanceOf(AgentConfigFile.ConfigException.class)
                .hasMessageContaining("outbox.max-event").hasMessageContaining("outbox.max-events");
    }

    @Test
    void valuesOfTheWrongKindOrRangeAreErrorsNamingTheSetting() throws Exception {
        Path words = write("outbox:\n  batch-size: many\n");
        assertThatThrownBy(() -> AgentConfigFile.read(words)).hasMessageContaining("outbox.batch-size").hasMessageContaining("many");
        Path big = write("outbox:\n  batch-size: 5000\n");
        assertThatThrownBy(() -> AgentConfigFile.read(big)).hasMessageContaining("between 1 and 1000");
        Path duration = write("log:\n  retention: 3 weeks\n");
        assertThatThrownBy(() -> AgentConfigFile.read(duration)).hasMessageContaining("log.retention").hasMessageContaining("7d");
        Path missing = write("link:\n  ca-file: /nonexistent/ca.pem\n");
        assertThatThrownBy(() -> AgentConfigFile.read(missing)).hasMessageContaining("link.ca-file");
    }

    @Test
    void brokenYamlIsAnErrorNotTheDefaults() throws Exception {
        Path file = write("outbox: [unclosed\n");
        assertThatThrownBy(() -> AgentConfigFile.read(file)).hasMessageContaining("not valid YAML");
    }
}

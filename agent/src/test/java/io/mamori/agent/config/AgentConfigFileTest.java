package io.mamori.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    void theWatcherIsTheOsOwnUnlessThePortableOneIsAskedFor() throws Exception {
        assertThat(AgentConfig.defaults().media().watcher()).isEqualTo(AgentConfig.Watcher.NATIVE);
        AgentConfig portable = AgentConfigFile.read(write("media:\n  watcher: portable\n  poll-interval: 2s\n"));
        assertThat(portable.media().watcher()).isEqualTo(AgentConfig.Watcher.PORTABLE);
        assertThat(portable.media().pollInterval()).isEqualTo(Duration.ofSeconds(2));
        Path unknown = write("media:\n  watcher: kernel-driver\n");
        assertThatThrownBy(() -> AgentConfigFile.read(unknown)).hasMessageContaining("media.watcher")
                .hasMessageContaining("native or portable");
    }

    @Test
    void aSimulatedStickIsEitherLoopImagesOrVolumesMountedUnderAFolder() throws Exception {
        AgentConfig config = AgentConfigFile.read(write("media:\n  simulated-usb:\n"
                + "    - {images-under: /var/tmp/sticks, vendor-id: \"0781\", product-id: \"5583\", serial: A}\n"
                + "    - {mounts-under: /media/smoke, vendor-id: \"0781\", product-id: \"5583\", serial: B}\n"));
        assertThat(config.media().simulatedUsb()).extracting(m -> m.basis().name() + " " + m.identity().serial())
                .containsExactly("IMAGE_FILE A", "MOUNT_POINT B");
        Path both = write("media:\n  simulated-usb:\n    - {images-under: /a, mounts-under: /b, serial: C}\n");
        assertThatThrownBy(() -> AgentConfigFile.read(both)).hasMessageContaining("exactly one of images-under");
        Path neither = write("media:\n  simulated-usb:\n    - {serial: C}\n");
        assertThatThrownBy(() -> AgentConfigFile.read(neither)).hasMessageContaining("exactly one of images-under");
        Path relative = write("media:\n  simulated-usb:\n    - {mounts-under: smoke, serial: C}\n");
        assertThatThrownBy(() -> AgentConfigFile.read(relative)).hasMessageContaining("media.simulated-usb.mounts-under")
                .hasMessageContaining("absolute");
    }

    @Test
    void thePatchLevelIsMeasuredEverySixHoursUnlessConfigured() throws Exception {
        assertThat(AgentConfig.defaults().patchInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(AgentConfigFile.read(write("patch:\n  interval: 2h\n")).patchInterval()).isEqualTo(Duration.ofHours(2));
        Path often = write("patch:\n  interval: 1m\n");
        assertThatThrownBy(() -> AgentConfigFile.read(often)).hasMessageContaining("patch.interval").hasMessageContaining("900 s");
    }

    @Test
    void readsTheIndexerSection() throws Exception {
        AgentConfig config = AgentConfigFile.read(write("indexer:\n  enabled: false\n  roots: [~/Documents, /home/*/Desktop]\n"
                + "  max-file-mb: 10\n  files-per-second: 5\n  mb-per-second: 8\n  pass-interval-hours: 12\n"));
        AgentConfig.IndexerSettings indexer = config.indexer();
        assertThat(indexer.enabled()).isFalse();
        assertThat(indexer.roots()).containsExactly("~/Documents", "/home/*/Desktop");
        assertThat(indexer.maxFileBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(indexer.filesPerSecond()).isEqualTo(5);
        assertThat(indexer.bytesPerSecond()).isEqualTo(8L * 1024 * 1024);
        assertThat(indexer.passInterval()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void theIndexerDefaultsToTheUsersFoldersOrNoneForTheService() throws Exception {
        AgentConfig.IndexerSettings indexer = AgentConfigFile.read(write("indexer:\n  files-per-second: 5\n")).indexer();
        assertThat(indexer.enabled()).isTrue();
        assertThat(indexer.maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(indexer.bytesPerSecond()).isEqualTo(20L * 1024 * 1024);
        assertThat(indexer.passInterval()).isEqualTo(Duration.ofHours(6));
        boolean service = "root".equals(System.getProperty("user.name"));
        assertThat(indexer.roots()).isEqualTo(service ? List.of() : AgentConfig.IndexerSettings.USER_FOLDERS);
        assertThat(AgentConfigFile.read(write("indexer:\n  roots: []\n")).indexer().roots()).isEmpty();
    }

    @Test
    void wrongIndexerValuesAreErrorsNamingTheSetting() throws Exception {
        List<List<String>> cases = List.of(
                List.of("indexer:\n  enabled: sometimes\n", "indexer.enabled", "true or false"),
                List.of("indexer:\n  roots: ~/Documents\n", "indexer.roots", "list of folders"),
                List.of("indexer:\n  roots: [Documents]\n", "indexer.roots", "absolute"),
                List.of("indexer:\n  roots: [/home/**/Documents]\n", "indexer.roots", "**"),
                List.of("indexer:\n  roots: [42]\n", "indexer.roots", "42"),
                List.of("indexer:\n  max-file-mb: 0\n", "indexer.max-file-mb", "between 1 and 4096"),
                List.of("indexer:\n  max-file-mb: big\n", "indexer.max-file-mb", "whole number"),
                List.of("indexer:\n  files-per-second: 5000\n", "indexer.files-per-second", "between 1 and 1000"),
                List.of("indexer:\n  mb-per-second: 0\n", "indexer.mb-per-second", "between 1 and 1000"),
                List.of("indexer:\n  pass-interval-hours: 6h\n", "indexer.pass-interval-hours", "whole number"),
                List.of("indexer:\n  pass-interval-hours: 0\n", "indexer.pass-interval-hours", "between 1 and 720"),
                List.of("indexer:\n  root: [/srv]\n", "indexer.root", "indexer.roots"));
        for (List<String> c : cases) {
            Path file = write(c.get(0));
            assertThatThrownBy(() -> AgentConfigFile.read(file)).as(c.get(0)).isInstanceOf(AgentConfigFile.ConfigException.class)
                    .hasMessageContaining(c.get(1)).hasMessageContaining(c.get(2));
        }
    }

    @Test
    void brokenYamlIsAnErrorNotTheDefaults() throws Exception {
        Path file = write("outbox: [unclosed\n");
        assertThatThrownBy(() -> AgentConfigFile.read(file)).hasMessageContaining("not valid YAML");
    }
}

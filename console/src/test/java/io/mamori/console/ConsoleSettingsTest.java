package io.mamori.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

    @Test
    void aHeartbeatIntervalTheProtocolRefusesCannotBeConfigured() {
        ConsoleSettings settings = new ConsoleSettings();
        assertThatThrownBy(() -> settings.setHeartbeatIntervalSeconds(2)).hasMessageContaining("between 5 and 290");
        assertThatThrownBy(() -> settings.setHeartbeatIntervalSeconds(600)).hasMessageContaining("heartbeat-interval-seconds");
        settings.setHeartbeatIntervalSeconds(5);
        assertThat(settings.getHeartbeatIntervalSeconds()).isEqualTo(5);
    }
}

package io.mamori.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.Samples;
import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code HeartbeatResponse.uninstallTokenSha256}, added within protocol version 1: optional, a
 * SHA-256 when present, absent from older consoles' answers (which still read).
 */
class HeartbeatResponseUninstallTokenTest {

    private static final Instant T0 = Instant.parse("2026-11-23T09:30:00Z");

    @Test
    void anAnswerFromAConsoleBeforeTheFieldStillReadsAndNamesNoToken() {
        HeartbeatResponse read = ProtocolJson.read("{\"serverTime\":\"2026-11-23T09:30:00Z\",\"commands\":[],"
                + "\"policyVersion\":3,\"nextHeartbeatSeconds\":60}", HeartbeatResponse.class);
        assertThat(read.uninstallTokenSha256()).isNull();
        assertThat(read.policyVersion()).isEqualTo(3);
    }

    @Test
    void anAnswerWithoutATokenIsWrittenWithoutTheField() {
        assertThat(ProtocolJson.write(new HeartbeatResponse(T0, List.of(), 3, 60))).doesNotContain("uninstallTokenSha256");
    }

    @Test
    void theDigestRoundTripsInLowerCase() {
        HeartbeatResponse answer = new HeartbeatResponse(T0, List.of(), 3, 60, Samples.SHA.toUpperCase());
        assertThat(answer.uninstallTokenSha256()).isEqualTo(Samples.SHA);
        String json = ProtocolJson.write(answer);
        assertThat(json).contains("\"uninstallTokenSha256\":\"" + Samples.SHA + "\"");
        assertThat(ProtocolJson.read(json, HeartbeatResponse.class)).isEqualTo(answer);
    }

    @Test
    void aValueThatIsNotASha256IsRefusedWithTheFieldsName() {
        for (String bad : new String[] {"", "abc", Samples.SHA + "0", Samples.SHA.substring(1) + "g", "z".repeat(64)}) {
            assertThatThrownBy(() -> new HeartbeatResponse(T0, List.of(), 3, 60, bad)).isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("uninstallTokenSha256");
            String json = "{\"serverTime\":\"2026-11-23T09:30:00Z\",\"nextHeartbeatSeconds\":60,\"uninstallTokenSha256\":\""
                    + bad + "\"}";
            assertThatThrownBy(() -> ProtocolJson.read(json, HeartbeatResponse.class)).isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(((ProtocolException) e).field()).isEqualTo("uninstallTokenSha256"));
        }
        String number = "{\"serverTime\":\"2026-11-23T09:30:00Z\",\"nextHeartbeatSeconds\":60,\"uninstallTokenSha256\":5}";
        assertThatThrownBy(() -> ProtocolJson.read(number, HeartbeatResponse.class)).isInstanceOf(ProtocolException.class);
    }
}

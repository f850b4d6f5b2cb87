package io.mamori.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.json.ProtocolJson;
import org.junit.jupiter.api.Test;

/** Actor's optional unknownReason: absent from the JSON when null, so events written before it read and hash the same. */
class ActorUnknownReasonTest {

    @Test
    void anActorWithoutAReasonWritesTheSameJsonAsBefore() {
        String json = ProtocolJson.write(new Actor("CONTOSO\\tanaka", null, 6700L, "C:\\Windows\\notepad.exe"));
        assertThat(json).doesNotContain("unknownReason");
        assertThat(ProtocolJson.read(json, Actor.class)).isEqualTo(new Actor("CONTOSO\\tanaka", null, 6700L, "C:\\Windows\\notepad.exe", null));
    }

    @Test
    void theReasonRoundTrips() {
        Actor unknown = Actor.unknown("audit policy off");
        String json = ProtocolJson.write(unknown);
        assertThat(json).contains("\"unknownReason\":\"audit policy off\"");
        assertThat(ProtocolJson.read(json, Actor.class)).isEqualTo(unknown);
    }

    @Test
    void anOlderActorWithoutTheFieldReads() {
        assertThat(ProtocolJson.read("{\"user\":\"tanaka\",\"uid\":1000}", Actor.class)).isEqualTo(new Actor("tanaka", 1000L, null, null));
    }
}

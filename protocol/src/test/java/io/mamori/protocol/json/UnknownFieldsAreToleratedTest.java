package io.mamori.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.protocol.Samples;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.command.Command;
import io.mamori.protocol.command.UnsupportedCommand;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.Policy;
import org.junit.jupiter.api.Test;

/** A newer peer may add fields, finding types and command types; this build must still read it. */
class UnknownFieldsAreToleratedTest {

    @Test
    void extraFieldsAtAnyDepthAreIgnored() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("addedInVersion2", "x");
        ((ObjectNode) event.get("device")).putObject("bus").put("speed", "10Gbps");
        ((ObjectNode) event.get("classification").get("findings").get(0)).put("entropy", 3);
        assertThat(ProtocolJson.read(event.toString(), Event.class)).isEqualTo(Samples.fileEvent());
    }

    @Test
    void extraFieldsInAPolicyAreIgnored() {
        ObjectNode policy = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        ((ObjectNode) policy.get("rules").get(0)).put("schedule", "weekdays");
        assertThat(ProtocolJson.read(policy.toString(), Policy.class)).isEqualTo(Samples.policy());
    }

    @Test
    void aFindingTypeFromANewerBuildIsCarriedThrough() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        ((ObjectNode) event.get("classification").get("findings").get(0)).put("type", "JP_HEALTH_INSURANCE");
        Event read = ProtocolJson.read(event.toString(), Event.class);
        FindingType type = read.classification().findings().get(0).type();
        assertThat(type.id()).isEqualTo("JP_HEALTH_INSURANCE");
        assertThat(type.isKnownBuiltIn()).isFalse();
        assertThat(ProtocolJson.write(read)).contains("\"JP_HEALTH_INSURANCE\"");
    }

    @Test
    void aCommandOfAnUnknownTypeArrivesAsUnsupportedWithItsId() {
        String json = "{\"serverTime\":\"2026-11-23T09:30:00Z\",\"nextHeartbeatSeconds\":60,\"commands\":["
                + "{\"type\":\"WIPE_DEVICE\",\"commandId\":\"3f1d2c4b-5a6e-4f70-8192-a3b4c5d6e7f8\","
                + "\"issuedAt\":\"2026-11-23T09:30:00Z\",\"device\":\"x\"},"
                + "{\"type\":\"REFRESH_PATCH_STATUS\",\"commandId\":\"3f1d2c4b-5a6e-4f70-8192-a3b4c5d6e7f9\","
                + "\"issuedAt\":\"2026-11-23T09:30:00Z\"}]}";
        HeartbeatResponse response = ProtocolJson.read(json, HeartbeatResponse.class);
        Command unknown = response.commands().get(0);
        assertThat(unknown).isInstanceOf(UnsupportedCommand.class);
        assertThat(unknown.type()).isEqualTo("WIPE_DEVICE");
        assertThat(unknown.commandId().toString()).isEqualTo("3f1d2c4b-5a6e-4f70-8192-a3b4c5d6e7f8");
        assertThat(response.commands().get(1).type()).isEqualTo("REFRESH_PATCH_STATUS");
    }
}

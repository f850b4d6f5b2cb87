package io.mamori.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.protocol.Samples;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.policy.Policy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedDocumentsAreRefusedWithTheFieldTest {

    private static ObjectNode batchTree() {
        return (ObjectNode) ProtocolJson.toTree(new EventBatch(java.util.List.of(Samples.fileEvent())));
    }

    private static ObjectNode firstEvent(ObjectNode batch) {
        return (ObjectNode) batch.get("events").get(0);
    }

    private static ProtocolException refusal(String json, Class<?> type) {
        try {
            ProtocolJson.read(json, type);
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("was accepted: " + json);
    }

    @Test
    void aMissingRequiredFieldIsNamedWithItsFullPath() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("file")).remove("path");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].file.path");
        assertThat(e.problem()).isEqualTo("is required");
    }

    @Test
    void aMissingTopLevelFieldIsNamed() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.remove("occurredAt");
        assertThat(refusal(event.toString(), Event.class).field()).isEqualTo("occurredAt");
    }

    @Test
    void anExplicitNullForARequiredFieldIsNamed() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("device")).putNull("deviceClass");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].device.deviceClass");
        assertThat(e.problem()).isEqualTo("is required");
    }

    @Test
    void aValueBreakingItsRuleIsNamedWithTheRule() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("file")).put("sha256", "not-a-hash");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].file.sha256");
        assertThat(e.problem()).contains("64 hexadecimal characters");
    }

    @Test
    void aFieldRequiredByTheEventKindIsNamed() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.remove("decision");
        ProtocolException e = refusal(event.toString(), Event.class);
        assertThat(e.field()).isEqualTo("decision");
        assertThat(e.problem()).contains("FILE_WRITTEN");
    }

    @Test
    void aStringWhereANumberBelongsIsRefused() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("file")).put("size", "102400");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].file.size");
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRefused() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("file")).put("size", 1.5);
        assertThat(refusal(batch.toString(), EventBatch.class).field()).isEqualTo("events[0].file.size");
    }

    @Test
    void aNumberOutOfRangeIsRefused() {
        ObjectNode heartbeat = (ObjectNode) ProtocolJson.toTree(Samples.everyType().get(Heartbeat.class));
        String json = heartbeat.toString().replace("\"pendingUpdates\":14", "\"pendingUpdates\":99999999999");
        ProtocolException e = refusal(json, Heartbeat.class);
        assertThat(e.getMessage()).contains("pendingUpdates");
    }

    @Test
    void anUnknownEnumValueIsRefusedWithTheAllowedValues() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("kind", "FILE_TELEPORTED");
        ProtocolException e = refusal(event.toString(), Event.class);
        assertThat(e.field()).isEqualTo("kind");
        assertThat(e.problem()).contains("FILE_TELEPORTED").contains("FILE_WRITTEN");
    }

    @Test
    void aBadUuidIsRefused() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("eventId", "12345");
        assertThat(refusal(event.toString(), Event.class).field()).isEqualTo("eventId");
    }

    @Test
    void anEventIdThatIsNotTimeOrderedIsRefused() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("eventId", java.util.UUID.randomUUID().toString());
        ProtocolException e = refusal(event.toString(), Event.class);
        assertThat(e.field()).isEqualTo("eventId");
        assertThat(e.problem()).contains("version 7");
    }

    @Test
    void aBadTimeIsRefusedWithTheExpectedForm() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("occurredAt", "yesterday");
        ProtocolException e = refusal(event.toString(), Event.class);
        assertThat(e.field()).isEqualTo("occurredAt");
    }

    @Test
    void aTimeGivenAsANumberIsRefusedThoughJacksonWouldTakeIt() {
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("occurredAt", 1_796_598_883_839L);
        ProtocolException e = refusal(event.toString(), Event.class);
        assertThat(e.field()).isEqualTo("occurredAt");
        assertThat(e.problem()).contains("2026-11-23T09:30:00Z");
    }

    @Test
    void aTimeFarOutsideAnySaneRangeIsRefusedBeforeItCanOverflowStorage() {
        for (String time : new String[] {"+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"}) {
            ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
            event.put("occurredAt", time);
            ProtocolException e = refusal(event.toString(), Event.class);
            assertThat(e.field()).as(time).isEqualTo("occurredAt");
            assertThat(e.problem()).as(time).contains("between 1970 and 2999");
        }
        ObjectNode event = (ObjectNode) ProtocolJson.toTree(Samples.fileEvent());
        event.put("occurredAt", "2999-12-31T23:59:59Z");
        assertThat(ProtocolJson.read(event.toString(), Event.class).occurredAt()).isEqualTo(java.time.Instant.parse("2999-12-31T23:59:59Z"));
    }

    @Test
    void aBadFindingTypeIsRefused() {
        ObjectNode batch = batchTree();
        ((ObjectNode) firstEvent(batch).get("classification").get("findings").get(0)).put("type", "my number");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].classification.findings[0].type");
        assertThat(e.problem()).contains("my number");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        String json = ProtocolJson.write(Samples.fileEvent()).replaceFirst("\\{", "{\"kind\":\"AGENT_STARTED\",");
        ProtocolException e = refusal(json, Event.class);
        assertThat(e.getMessage()).contains("Duplicate field 'kind'");
    }

    @Test
    void trailingGarbageIsRefused() {
        String json = ProtocolJson.write(Samples.fileEvent()) + " {}";
        assertThat(refusal(json, Event.class).getMessage()).contains("malformed JSON").contains("line 1");
    }

    @Test
    void textThatIsNotJsonIsRefusedWithItsPosition() {
        ProtocolException e = refusal("{\"eventId\": \n oops}", Event.class);
        assertThat(e.getMessage()).contains("malformed JSON").contains("line 2");
    }

    @Test
    void anEmptyDocumentIsRefused() {
        assertThatThrownBy(() -> ProtocolJson.read("", Event.class)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ProtocolJson.readTree(new byte[0])).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] json = "{\"name\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
        json[9] = (byte) 0xC3; // a lead byte with no continuation
        assertThatThrownBy(() -> ProtocolJson.read(json, Policy.class)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void anArrayWhereAnObjectBelongsIsRefused() {
        ObjectNode batch = batchTree();
        firstEvent(batch).putArray("device");
        ProtocolException e = refusal(batch.toString(), EventBatch.class);
        assertThat(e.field()).isEqualTo("events[0].device");
        assertThat(e.problem()).contains("object");
    }

    @Test
    void anEmptyBatchIsRefused() {
        ProtocolException e = refusal("{\"events\":[]}", EventBatch.class);
        assertThat(e.field()).isEqualTo("events");
        assertThat(e.problem()).contains("at least one");
    }

    @Test
    void aPolicyRuleErrorIsNamedWithItsIndex() {
        ObjectNode policy = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        ((ObjectNode) policy.get("rules").get(2)).put("scope", "FILE"); // READ_ONLY on a FILE rule
        ProtocolException e = refusal(policy.toString(), Policy.class);
        assertThat(e.field()).isEqualTo("rules[2].action");
        assertThat(e.problem()).contains("scope DEVICE");
    }
}

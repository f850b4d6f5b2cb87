package io.mamori.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.AgentId;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A device decided again while mounted is a DEVICE_MOUNTED told apart by its detail, and adds nothing to the JSON. */
class DecidedAgainWhileMountedTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-1", null, null,
            null, null, 0);

    private static Event mounted(String detail) {
        return new Event(EventIds.next(), AgentId.random(), Instant.parse("2026-12-08T01:00:00Z"), EventKind.DEVICE_MOUNTED,
                "pc-1", null, STICK, null, null, new Decision(Action.ALLOW, List.of(), "grant-1", true, 3), null, null, detail);
    }

    @Test
    void onlyADetailThatSaysSoMakesIt() {
        assertThat(mounted("/media/usb " + Event.DECIDED_AGAIN_WHILE_MOUNTED + "exception grant-1 is in force")
                .decidedAgainWhileMounted()).isTrue();
        assertThat(mounted("/media/usb mounted (ext4)").decidedAgainWhileMounted()).isFalse();
        assertThat(mounted(null).decidedAgainWhileMounted()).isFalse();
    }

    @Test
    void theJsonHoldsTheDetailAndNothingMore() {
        Event event = mounted("/media/usb " + Event.DECIDED_AGAIN_WHILE_MOUNTED + "policy version 4");
        String json = ProtocolJson.write(event);
        assertThat(json).doesNotContain("decidedAgainWhileMounted");
        assertThat(ProtocolJson.read(json, Event.class)).isEqualTo(event);
    }
}

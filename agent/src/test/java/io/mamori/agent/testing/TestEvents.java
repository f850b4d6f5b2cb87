package io.mamori.agent.testing;

import io.mamori.protocol.AgentId;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Synthetic events as the agent's watchers will record them: made-up users, files and devices. */
public final class TestEvents {

    private static final AtomicLong COUNTER = new AtomicLong();

    private TestEvents() {
    }

    public static Event fileWritten(AgentId agent, Action action, Instant at) {
        long n = COUNTER.incrementAndGet();
        String name = "見積書-" + n + ".xlsx";
        DeviceIdentity device = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN" + (1000 + n % 7),
                "Example Corp", "Flash Drive", null, "USB", 32_000_000_000L);
        ClassificationSummary classification = new ClassificationSummary(InspectionStatus.OK, null,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                List.of(new FindingSummary(FindingType.of("JP_MY_NUMBER"), Confidence.HIGH, 2, List.of("1234-****-**18"))),
                2, Set.of());
        byte[] hash = new byte[32];
        hash[0] = (byte) n;
        hash[1] = (byte) (n >> 8);
        hash[2] = (byte) (n >> 16);
        return new Event(EventIds.next(), agent, at, EventKind.FILE_WRITTEN, "pc-1.example.jp",
                new Actor("user" + n % 5, 1000L, 4242L, "/usr/bin/cp"), device,
                new FileRef("/media/usb/" + name, name, 18_000 + n, HexFormat.of().formatHex(hash)),
                classification, new Decision(action, List.of("rule-" + action.name().toLowerCase()), null, false, 1),
                UUID.randomUUID(), null, null);
    }

    public static Event fileWritten(AgentId agent, Action action) {
        return fileWritten(agent, action, Instant.now());
    }
}

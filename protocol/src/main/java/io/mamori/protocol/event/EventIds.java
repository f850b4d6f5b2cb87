package io.mamori.protocol.event;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids: UUID version 7 (RFC 9562), time-ordered and unique without coordination, so an
 * agent can make them offline and the console can de-duplicate re-sent events by id.
 */
public final class EventIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private EventIds() {
    }

    /** A new id, greater than every id this process made before. */
    public static UUID next() {
        return GENERATOR.generate();
    }

    public static boolean isTimeOrdered(UUID id) {
        return id.version() == 7;
    }

    /** The millisecond an id was made, from its first 48 bits. */
    public static Instant timestampOf(UUID id) {
        if (!isTimeOrdered(id)) {
            throw new IllegalArgumentException(id + " is not a version 7 UUID");
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}

package io.mamori.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreVersion7AndStrictlyIncreasingInTextOrder() {
        UUID previous = EventIds.next();
        for (int i = 0; i < 100_000; i++) {
            UUID next = EventIds.next();
            assertThat(next.version()).isEqualTo(7);
            assertThat(next.toString()).isGreaterThan(previous.toString());
            previous = next;
        }
    }

    @Test
    void theTimestampIsReadable() {
        Instant before = Instant.now().minusMillis(1);
        Instant stamp = EventIds.timestampOf(EventIds.next());
        assertThat(stamp).isBetween(before, Instant.now().plus(Duration.ofMillis(1)));
    }

    @Test
    void aRandomUuidHasNoTimestamp() {
        assertThatThrownBy(() -> EventIds.timestampOf(UUID.randomUUID())).hasMessageContaining("version 7");
    }
}

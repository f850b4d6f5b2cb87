package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Files of one copy share an operation; a pause, another user or another stick starts a new one. */
class CopyOperationsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Actor TANAKA = new Actor("tanaka", 1001L, null, null);
    private static final Actor SUZUKI = new Actor("suzuki", 1002L, null, null);

    private static Volume stick(String mountPoint) {
        return new Volume(new Mount(1, "7:0", Path.of(mountPoint), List.of("rw"), "ext4", "/dev/loop0"),
                new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN1", null, null, null, null, 0));
    }

    private static FileActivity.FileWritten file(Volume volume, Actor actor, String name, Instant at) {
        return new FileActivity.FileWritten(volume.mount().mountPoint().resolve(name), volume, actor, at);
    }

    @Test
    void aLongCopyIsOneOperationAsLongAsNoPauseIsLongerThanTheGap() {
        CopyOperations operations = new CopyOperations(Duration.ofSeconds(3));
        Volume stick = stick("/media/tanaka/USB");
        UUID first = operations.operationFor(file(stick, TANAKA, "a.txt", T0));
        for (int i = 1; i <= 100; i++) {
            assertThat(operations.operationFor(file(stick, TANAKA, i + ".txt", T0.plusSeconds(2L * i)))).isEqualTo(first);
        }
        UUID after = operations.operationFor(file(stick, TANAKA, "later.txt", T0.plusSeconds(200 + 4)));
        assertThat(after).as("a pause of 4 s ends the operation").isNotEqualTo(first);
    }

    @Test
    void anotherUserOrAnotherStickIsAnotherOperation() {
        CopyOperations operations = new CopyOperations(Duration.ofSeconds(3));
        Volume one = stick("/media/tanaka/USB");
        Volume two = stick("/media/tanaka/USB1");
        UUID tanaka = operations.operationFor(file(one, TANAKA, "a.txt", T0));
        assertThat(operations.operationFor(file(one, SUZUKI, "b.txt", T0))).isNotEqualTo(tanaka);
        assertThat(operations.operationFor(file(two, TANAKA, "c.txt", T0))).isNotEqualTo(tanaka);
        assertThat(operations.operationFor(file(one, TANAKA, "d.txt", T0.plusSeconds(1)))).isEqualTo(tanaka);
    }

    @Test
    void anOperationHasEndedOnceItsFilesStopForLongerThanTheGap() {
        CopyOperations operations = new CopyOperations(Duration.ofSeconds(3));
        Volume stick = stick("/media/tanaka/USB");
        UUID id = operations.operationFor(file(stick, TANAKA, "a.txt", T0));
        assertThat(operations.ended(id, T0.plusSeconds(2))).isFalse();
        operations.operationFor(file(stick, TANAKA, "b.txt", T0.plusSeconds(2)));
        assertThat(operations.ended(id, T0.plusSeconds(4))).as("the second file moved the end").isFalse();
        assertThat(operations.ended(id, T0.plusSeconds(6))).isTrue();
    }

    @Test
    void aStickThatWentAwayEndsItsOperations() {
        CopyOperations operations = new CopyOperations(Duration.ofSeconds(3));
        Volume stick = stick("/media/tanaka/USB");
        UUID id = operations.operationFor(file(stick, TANAKA, "a.txt", T0));
        operations.volumeGone(stick);
        assertThat(operations.ended(id, T0)).isTrue();
        assertThat(operations.operationFor(file(stick, TANAKA, "b.txt", T0))).isNotEqualTo(id);
    }

    @Test
    void theGapMustBePositive() {
        assertThatThrownBy(() -> new CopyOperations(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEndedOperationSettlesOnlyWhenItsLastFileIsDecided() {
        CopyOperations operations = new CopyOperations(Duration.ofSeconds(3));
        Volume stick = stick("/media/tanaka/USB");
        UUID id = operations.operationFor(file(stick, TANAKA, "a.txt", T0));
        operations.decidingStarted(id);
        operations.decidingStarted(id);
        operations.decidingEnded(id);
        assertThat(operations.settled(id, T0.plusSeconds(1))).as("not ended yet").isFalse();
        assertThat(operations.ended(id, T0.plusSeconds(10))).isTrue();
        assertThat(operations.settled(id, T0.plusSeconds(10))).as("one file still being decided").isFalse();
        operations.decidingEnded(id);
        assertThat(operations.settled(id, T0.plusSeconds(10))).isTrue();
    }
}

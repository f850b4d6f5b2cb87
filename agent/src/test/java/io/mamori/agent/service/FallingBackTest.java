package io.mamori.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.api.MediaWatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A native watcher part that fails at run time: the portable one takes over, and the console is told both ways. */
class FallingBackTest {

    private final WatchState watch = new WatchState();
    private final List<String> recorded = new ArrayList<>();

    @Test
    void aNativePartThatStartsIsKeptAndNothingIsRecorded() {
        String started = FallingBack.start("removable media", () -> "native", () -> "portable", watch, recorded::add);
        assertThat(started).isEqualTo("native");
        assertThat(recorded).isEmpty();
        assertThat(watch.now().mode()).isEqualTo(MediaWatch.Mode.NATIVE);
    }

    @Test
    void aNativePartThatFailsIsReplacedByThePortableOneAndTheWatchIsDegradedWithBothReasons() {
        String monitor = FallingBack.start("removable media", () -> {
            throw new IOException("cannot open /proc/self/mountinfo");
        }, () -> "portable monitor", watch, recorded::add);
        String files = FallingBack.start("files written on removable media", () -> {
            throw new IllegalStateException("inotify is not available (errno 24)");
        }, () -> "portable files", watch, recorded::add);

        assertThat(monitor).isEqualTo("portable monitor");
        assertThat(files).isEqualTo("portable files");
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0)).contains("cannot open /proc/self/mountinfo", "portable watcher takes over");
        assertThat(watch.now().mode()).isEqualTo(MediaWatch.Mode.DEGRADED);
        assertThat(watch.now().detail()).contains("mountinfo", "errno 24");

        watch.portable("a later report of a part that started");
        assertThat(watch.now().mode()).as("a degradation is not undone").isEqualTo(MediaWatch.Mode.DEGRADED);
    }

    @Test
    void whenNeitherStartsNothingIsReturnedAndBothFailuresAreRecorded() {
        String none = FallingBack.start("removable media", () -> {
            throw new IOException("native failed");
        }, () -> {
            throw new IOException("OSHI cannot list the file systems");
        }, watch, recorded::add);
        assertThat(none).isNull();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1)).contains("cannot be watched", "OSHI cannot list");
    }

    @Test
    void aVeryLongReasonIsClippedToWhatTheProtocolTakes() {
        watch.degraded("x".repeat(5000));
        assertThat(new MediaWatch(watch.now().mode(), watch.now().detail()).detail()).hasSizeLessThanOrEqualTo(1000);
    }
}

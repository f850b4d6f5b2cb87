package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What of the public factories runs off Windows: the event-data copy and the fallback outside a service. */
class WindowsPlatformTest {

    @Test
    void eventDataCopiesDbchSizeBytesAndNoMore() {
        Memory memory = new Memory(64);
        memory.clear();
        memory.setInt(0, 40); // dbch_size
        memory.setInt(4, 5);
        ByteBuffer data = WindowsPlatform.eventData(memory);
        assertThat(data.remaining()).isEqualTo(40);

        memory.setInt(0, 1 << 30); // a size no event has: only the header is copied, and the parser rejects it
        assertThat(WindowsPlatform.eventData(memory).remaining()).isEqualTo(DeviceBroadcast.HEADER_BYTES);
        assertThat(DeviceBroadcast.parse(WindowsPlatform.eventData(memory), 8)).isInstanceOf(DeviceBroadcast.Rejected.class);
        assertThat(WindowsPlatform.eventData(null).remaining()).isZero();
    }

    @Test
    void outsideAServiceTheMediaMonitorHandsOverToTheFallbackAndSaysWhy() throws IOException {
        List<String> degraded = new ArrayList<>();
        WindowsMediaMonitorTest.RecordingFallback fallback = new WindowsMediaMonitorTest.RecordingFallback();
        MediaMonitor.Listener listener = new MediaMonitor.Listener() {
            @Override
            public void mounted(Volume volume) {
            }

            @Override
            public void unmounted(Volume volume) {
            }
        };
        try (DeviceEventMonitor monitor = WindowsPlatform.mediaMonitor(null, fallback, degraded::add, v -> { })) {
            monitor.start(listener);
            assertThat(fallback.startedWith).isSameAs(listener);
            assertThat(degraded).singleElement().asString().contains("not running as a Windows service");
        }
        assertThat(fallback.closed).isTrue();
    }
}

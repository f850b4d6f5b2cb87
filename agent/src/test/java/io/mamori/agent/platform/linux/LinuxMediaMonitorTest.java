package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Root;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real loop-mounted ext4 images: one under a matcher's directory, presented as a USB stick, and
 * one that is not removable. Needs root; under CI it must run.
 */
class LinuxMediaMonitorTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "TEST0001",
            "Example", "Test Stick", null, "TEST", 8L * 1024 * 1024);

    @TempDir
    Path dir;

    record Seen(String what, Volume volume) {
    }

    @Test
    void reportsMountRemountAndUnmountOfAVolumePresentedAsUsbAndIgnoresOthers() throws Exception {
        Root.required("loop mounts need root");
        Path sticks = Files.createDirectories(dir.resolve("sticks"));
        Path stickImage = image(sticks.resolve("stick.img"));
        Path otherImage = image(dir.resolve("other.img"));
        Path stickMount = Files.createDirectories(dir.resolve("mnt-stick"));
        Path otherMount = Files.createDirectories(dir.resolve("mnt-other"));
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        try (MediaMonitor monitor = LinuxPlatform.mediaMonitor(List.of(new RemovableMatcher(sticks, STICK)))) {
            monitor.start(new MediaMonitor.Listener() {
                @Override
                public void mounted(Volume volume) {
                    seen.add(new Seen("mounted", volume));
                }

                @Override
                public void unmounted(Volume volume) {
                    seen.add(new Seen("unmounted", volume));
                }

                @Override
                public void remounted(Volume volume) {
                    seen.add(new Seen("remounted", volume));
                }
            });
            Root.run("mount", "-o", "loop", otherImage.toString(), otherMount.toString());
            Root.run("mount", "-o", "loop", stickImage.toString(), stickMount.toString());
            try {
                Seen mounted = seen.poll(10, TimeUnit.SECONDS);
                assertThat(mounted).as("a mount event").isNotNull();
                assertThat(mounted.what()).isEqualTo("mounted");
                assertThat(mounted.volume().mount().mountPoint()).isEqualTo(stickMount);
                assertThat(mounted.volume().identity()).isEqualTo(STICK);
                assertThat(monitor.mounted()).extracting(v -> v.mount().mountPoint()).containsExactly(stickMount);

                Root.run("mount", "-o", "remount,ro", stickMount.toString());
                Seen remounted = seen.poll(10, TimeUnit.SECONDS);
                assertThat(remounted).isNotNull();
                assertThat(remounted.what()).isEqualTo("remounted");
                assertThat(remounted.volume().mount().readOnly()).isTrue();
            } finally {
                Root.run("umount", stickMount.toString());
                Root.run("umount", otherMount.toString());
            }
            Seen unmounted = seen.poll(10, TimeUnit.SECONDS);
            assertThat(unmounted).isNotNull();
            assertThat(unmounted.what()).isEqualTo("unmounted");
            assertThat(unmounted.volume().mount().mountPoint()).isEqualTo(stickMount);
            assertThat(seen.poll(1, TimeUnit.SECONDS)).as("nothing about the image that is not removable").isNull();
            assertThat(monitor.mounted()).isEmpty();
        }
    }

    private static Path image(Path file) throws Exception {
        Root.run("truncate", "-s", "8M", file.toString());
        Root.run("mkfs.ext4", "-q", "-F", file.toString());
        return file;
    }

}

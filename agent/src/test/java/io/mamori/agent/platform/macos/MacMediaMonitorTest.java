package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The macOS media monitor driven by DiskArbitration callbacks, with the session faked: the tests
 * call the callbacks as diskarbitrationd would, with {@link MacRecorded} descriptions.
 */
class MacMediaMonitorTest {

    /** A DiskArbitration session that hands its callbacks to the test, or fails to start. */
    static final class FakeSession implements DiskArbitrationNative {
        Events events;
        IOException startFailure;
        boolean closed;

        @Override
        public void start(Events events) throws IOException {
            if (startFailure != null) {
                throw startFailure;
            }
            this.events = events;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A fallback that records that it was started. */
    static final class FakeFallback implements MediaMonitor {
        Listener started;
        boolean closed;

        @Override
        public void start(Listener listener) {
            started = listener;
        }

        @Override
        public List<Volume> mounted() {
            return List.of();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FakeSession session = new FakeSession();
    private final FakeFallback fallback = new FakeFallback();
    private final List<String> degraded = new ArrayList<>();
    private final Set<Path> readOnlyMounts = new HashSet<>();
    private final List<String> heard = new ArrayList<>();
    private final MacDeviceIdentities identities = new MacDeviceIdentities(new MacFakes.IoKit(Map.of("disk4s1", MacRecorded.stickChain())),
            new MacFakes.Diskutil(Map.of()));
    private final MediaMonitor.Listener listener = new MediaMonitor.Listener() {
        @Override
        public void mounted(Volume volume) {
            heard.add("mounted " + volume.mount().mountPoint() + " " + volume.mount().options() + " " + volume.identity().shortName()
                    + " #" + volume.mount().mountId());
        }

        @Override
        public void unmounted(Volume volume) {
            heard.add("unmounted " + volume.mount().mountPoint());
        }

        @Override
        public void remounted(Volume volume) {
            heard.add("remounted " + volume.mount().mountPoint() + " " + volume.mount().options());
        }
    };

    private MacMediaMonitor monitor(Predicate<DeviceIdentity> refuse) throws IOException {
        MacMediaMonitor monitor = new MacMediaMonitor(session, identities, readOnlyMounts::contains, fallback, degraded::add, refuse);
        monitor.start(listener);
        return monitor;
    }

    @Test
    void aPartitionIsPendingUntilItsVolumePathAppearsThenMounted() throws IOException {
        MacMediaMonitor monitor = monitor(MacPlatform.REFUSE_NOTHING);

        session.events.appeared("disk4s1", MacRecorded.stickNotMounted());
        assertThat(heard).isEmpty();
        assertThat(monitor.pending()).containsExactly("disk4s1");

        session.events.changed("disk4s1", MacRecorded.stickMounted());

        assertThat(heard).containsExactly("mounted /Volumes/STICK [rw] 0781:5567:4C530001230922117574 #1");
        assertThat(monitor.pending()).isEmpty();
        assertThat(monitor.mounted()).hasSize(1);
    }

    @Test
    void losingTheVolumePathIsAnUnmountAndDisappearingToo() throws IOException {
        MacMediaMonitor monitor = monitor(MacPlatform.REFUSE_NOTHING);
        session.events.appeared("disk4s1", MacRecorded.stickMounted());

        session.events.changed("disk4s1", MacRecorded.stickNotMounted());
        session.events.changed("disk4s1", MacRecorded.stickMounted());
        session.events.disappeared("disk4s1", MacRecorded.stickMounted());

        assertThat(heard).containsExactly("mounted /Volumes/STICK [rw] 0781:5567:4C530001230922117574 #1", "unmounted /Volumes/STICK",
                "mounted /Volumes/STICK [rw] 0781:5567:4C530001230922117574 #1", "unmounted /Volumes/STICK");
        assertThat(monitor.mounted()).isEmpty();
        assertThat(monitor.pending()).isEmpty();
    }

    @Test
    void aMountThatTurnsReadOnlyIsARemount() throws IOException {
        monitor(MacPlatform.REFUSE_NOTHING);
        session.events.appeared("disk4s1", MacRecorded.stickMounted());

        readOnlyMounts.add(Path.of("/Volumes/STICK"));
        session.events.changed("disk4s1", MacRecorded.stickMounted());

        assertThat(heard).last().isEqualTo("remounted /Volumes/STICK [ro]");
    }

    @Test
    void theInternalDiskAndADiskWithoutABsdNameAreNotReported() throws IOException {
        MacMediaMonitor monitor = monitor(MacPlatform.REFUSE_NOTHING);

        session.events.appeared("disk3s5", MacRecorded.internalDataVolume());
        Map<String, Object> nameless = MacRecorded.stickMounted();
        nameless.remove("DAMediaBSDName");
        session.events.appeared("", nameless);

        assertThat(heard).isEmpty();
        assertThat(monitor.pending()).isEmpty();
    }

    @Test
    void theApprovalCallbackRefusesADeviceThePolicyRefusesAndLetsOthersMount() throws IOException {
        monitor(identity -> "0781".equals(identity.vendorId()));

        assertThat(session.events.approveMount("disk4s1", MacRecorded.stickNotMounted())).isEqualTo(MacMediaMonitor.REFUSAL);
        assertThat(session.events.approveMount("disk3s5", MacRecorded.internalDataVolume())).isNull();
    }

    @Test
    void theRefusalCarriesKDAReturnNotPermitted() {
        // DADissenter.h: kDAReturnNotPermitted = err_local | err_local_diskarbitration | 0x08, commented there as 0xF8DA0008
        assertThat(DiskArbitrationLibrary.RETURN_NOT_PERMITTED).isEqualTo(0xF8DA0008);
    }

    @Test
    void byDefaultNothingIsRefused() throws IOException {
        monitor(MacPlatform.REFUSE_NOTHING);
        assertThat(session.events.approveMount("disk4s1", MacRecorded.stickNotMounted())).isNull();
    }

    @Test
    void aCheckThatFailsRefusesTheMountRatherThanAllowingIt() throws IOException {
        monitor(identity -> {
            throw new IllegalStateException("allow-list unreadable");
        });
        assertThat(session.events.approveMount("disk4s1", MacRecorded.stickNotMounted())).isEqualTo(MacMediaMonitor.REFUSAL);
    }

    @Test
    void whenTheSessionCannotStartTheFallbackTakesOverAndSaysWhy() throws IOException {
        session.startFailure = new IOException("DiskArbitration cannot be loaded: java.lang.UnsatisfiedLinkError");
        MacMediaMonitor monitor = monitor(MacPlatform.REFUSE_NOTHING);

        assertThat(fallback.started).isSameAs(listener);
        assertThat(degraded).singleElement().asString().contains("DiskArbitration session could not be started")
                .contains("fallback monitor").doesNotContain("\n");
        monitor.close();
        assertThat(fallback.closed).isTrue();
    }

    @Test
    @DisabledOnOs(value = OS.MAC, disabledReason = "on a Mac the real calls would run (and act on a disk)")
    void offAMacTheRealSessionFailsToStartAndTheFallbackIsUsed() throws IOException {
        MacMediaMonitor monitor = new MacMediaMonitor(new JnaDiskArbitration(), identities, path -> false, fallback, degraded::add,
                MacPlatform.REFUSE_NOTHING);
        monitor.start(listener);
        assertThat(fallback.started).as("no DiskArbitration on Linux: the fallback runs").isSameAs(listener);
        assertThat(degraded).hasSize(1);
        monitor.close();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheMonitor() throws IOException {
        MacMediaMonitor monitor = new MacMediaMonitor(session, identities, path -> false, fallback, degraded::add, MacPlatform.REFUSE_NOTHING);
        monitor.start(new MediaMonitor.Listener() {
            @Override
            public void mounted(Volume volume) {
                throw new IllegalStateException("guard failed");
            }

            @Override
            public void unmounted(Volume volume) {
                heard.add("unmounted");
            }
        });
        session.events.appeared("disk4s1", MacRecorded.stickMounted());
        session.events.disappeared("disk4s1", MacRecorded.stickMounted());
        assertThat(heard).containsExactly("unmounted");
    }
}

package io.mamori.agent.platform.portable;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The portable mount monitor against listings a test controls: what it reports when volumes come,
 * go and change, and what it does when the OS cannot be asked.
 */
class PolledMediaMonitorTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.OTHER_REMOVABLE, null, null, null, null, null,
            "3A1F-0C22", "STICK", 64L << 20);

    /** What the OS lists, changed by the test between rounds; a listing can be made to fail. */
    private static final class Listing implements FileStores {
        volatile List<MountedStore> stores = List.of();
        volatile IOException failure;
        final AtomicInteger rounds = new AtomicInteger();

        @Override
        public List<MountedStore> now() throws IOException {
            rounds.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return stores;
        }

        void awaitRounds(int more) throws InterruptedException {
            int until = rounds.get() + more;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rounds.get() < until && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(rounds.get()).as("the monitor kept listing").isGreaterThanOrEqualTo(until);
        }
    }

    /** Removable when the description says so; counts the questions; can be made to fail. */
    private static final class Identities implements StoreIdentities {
        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        final List<String> failing = new CopyOnWriteArrayList<>();

        @Override
        public Optional<DeviceIdentity> removable(MountedStore store) throws IOException {
            asked.computeIfAbsent(store.volume(), v -> new AtomicInteger()).incrementAndGet();
            if (failing.contains(store.volume())) {
                throw new IOException("the device cannot be read");
            }
            return RemovableDrives.REMOVABLE.equals(store.description()) ? Optional.of(STICK) : Optional.empty();
        }
    }

    private record Seen(String what, Volume volume) {
    }

    private static MountedStore store(String volume, String mount, String description, String... options) {
        return new MountedStore(volume, Path.of(mount), "exfat", List.of(options), "3A1F-0C22", "STICK", description, 64L << 20);
    }

    private static MediaMonitor.Listener into(BlockingQueue<Seen> seen) {
        return new MediaMonitor.Listener() {
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
        };
    }

    @Test
    void reportsAVolumeAlreadyMountedBeforeStartReturnsThenItsRemountAndUnmountAndIgnoresFixedDisks() throws Exception {
        Listing listing = new Listing();
        Identities identities = new Identities();
        MountedStore system = store("/dev/sda1", "/", "Fixed drive", "rw");
        MountedStore stick = store("/dev/sdb1", "/media/stick", RemovableDrives.REMOVABLE, "rw");
        listing.stores = List.of(system, stick);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        try (PolledMediaMonitor monitor = new PolledMediaMonitor(listing, identities, Duration.ofMillis(20))) {
            monitor.start(into(seen));
            assertThat(seen).as("reported before start returned").hasSize(1);
            Seen mounted = seen.take();
            assertThat(mounted.what()).isEqualTo("mounted");
            assertThat(mounted.volume().mount().mountPoint()).isEqualTo(Path.of("/media/stick"));
            assertThat(mounted.volume().identity()).isEqualTo(STICK);
            assertThat(monitor.mounted()).containsExactly(mounted.volume());

            listing.stores = List.of(system, store("/dev/sdb1", "/media/stick", RemovableDrives.REMOVABLE, "ro", "nosuid"));
            Seen remounted = seen.poll(10, TimeUnit.SECONDS);
            assertThat(remounted.what()).isEqualTo("remounted");
            assertThat(remounted.volume().mount().readOnly()).isTrue();
            assertThat(remounted.volume().mount().mountId()).as("the same volume keeps its id")
                    .isEqualTo(mounted.volume().mount().mountId());

            listing.stores = List.of(system);
            Seen unmounted = seen.poll(10, TimeUnit.SECONDS);
            assertThat(unmounted.what()).isEqualTo("unmounted");
            assertThat(monitor.mounted()).isEmpty();

            listing.awaitRounds(3);
            assertThat(seen).isEmpty();
            assertThat(identities.asked.get("/dev/sda1").get()).as("a fixed disk is asked about once while it stays").isEqualTo(1);
        }
    }

    @Test
    void aListingThatFailsUnmountsNothingAndAVolumeThatCannotBeIdentifiedIsAskedAgain() throws Exception {
        Listing listing = new Listing();
        Identities identities = new Identities();
        MountedStore stick = store("/dev/sdb1", "/media/stick", RemovableDrives.REMOVABLE, "rw");
        MountedStore other = store("/dev/sdc1", "/media/other", RemovableDrives.REMOVABLE, "rw");
        listing.stores = List.of(stick);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        try (PolledMediaMonitor monitor = new PolledMediaMonitor(listing, identities, Duration.ofMillis(20))) {
            monitor.start(into(seen));
            assertThat(seen.take().what()).isEqualTo("mounted");

            listing.failure = new IOException("WMI did not answer");
            listing.awaitRounds(3);
            assertThat(seen).as("could not look is not unplugged").isEmpty();
            assertThat(monitor.mounted()).hasSize(1);

            identities.failing.add("/dev/sdc1");
            listing.stores = List.of(stick, other);
            listing.failure = null;
            listing.awaitRounds(3);
            assertThat(seen).as("an unidentified volume is not reported").isEmpty();
            assertThat(identities.asked.get("/dev/sdc1").get()).as("but asked about again").isGreaterThanOrEqualTo(2);

            identities.failing.clear();
            Seen later = seen.poll(10, TimeUnit.SECONDS);
            assertThat(later.what()).isEqualTo("mounted");
            assertThat(later.volume().mount().mountPoint()).isEqualTo(Path.of("/media/other"));
            assertThat(later.volume().mount().mountId()).isNotEqualTo(monitor.mounted().stream()
                    .filter(v -> v.mount().mountPoint().equals(Path.of("/media/stick"))).findFirst().orElseThrow().mount().mountId());
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheMonitor() throws Exception {
        Listing listing = new Listing();
        List<Volume> mounted = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try (PolledMediaMonitor monitor = new PolledMediaMonitor(listing, new Identities(), Duration.ofMillis(20))) {
            monitor.start(new MediaMonitor.Listener() {
                @Override
                public synchronized void mounted(Volume volume) {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("the guard failed");
                    }
                    mounted.add(volume);
                }

                @Override
                public void unmounted(Volume volume) {
                }
            });
            listing.stores = List.of(store("/dev/sdb1", "/media/a", RemovableDrives.REMOVABLE, "rw"));
            listing.awaitRounds(2);
            listing.stores = List.of(store("/dev/sdb1", "/media/a", RemovableDrives.REMOVABLE, "rw"),
                    store("/dev/sdc1", "/media/b", RemovableDrives.REMOVABLE, "rw"));
            listing.awaitRounds(3);
            synchronized (monitor) {
                assertThat(calls.get()).isEqualTo(2);
            }
            assertThat(mounted).extracting(v -> v.mount().mountPoint()).containsExactly(Path.of("/media/b"));
        }
    }
}

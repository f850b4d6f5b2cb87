package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Fakes at the JNA line for the Windows adapters' tests: they answer what the Win32 calls would. */
final class WindowsFakes {

    private WindowsFakes() {
    }

    /** A stick as GetVolumeInformation and the device tree describe it. */
    record Drive(String root, int type, String guid, VolumeNative.VolumeInformation info, Integer disk, List<String> chain) {
    }

    /** VolumeNative answering from a table of drives; a drive's letter can be withheld. */
    static final class Volumes implements VolumeNative {
        final Map<String, Drive> drives = new HashMap<>();
        final Map<String, Drive> byInterface = new HashMap<>();
        final List<String> letterless = new ArrayList<>();
        IOException informationFailure;

        void add(Drive drive) {
            drives.put(drive.root(), drive);
        }

        void remove(String root) {
            drives.remove(root);
        }

        @Override
        public List<String> driveRoots() {
            return drives.keySet().stream().sorted().toList();
        }

        @Override
        public int driveType(String root) {
            Drive d = drives.get(root);
            return d == null ? 1 : d.type();
        }

        @Override
        public Optional<String> volumeGuidPath(String mountPoint) {
            Drive d = drives.get(mountPoint);
            if (d != null) {
                return Optional.of(d.guid());
            }
            Drive i = byInterface.get(mountPoint);
            return i == null ? Optional.empty() : Optional.of(i.guid());
        }

        @Override
        public List<String> pathNames(String volumeGuidPath) {
            if (letterless.contains(volumeGuidPath)) {
                return List.of();
            }
            return drives.values().stream().filter(d -> d.guid().equals(volumeGuidPath)).map(Drive::root).toList();
        }

        @Override
        public VolumeInformation information(String root) throws IOException {
            if (informationFailure != null) {
                throw informationFailure;
            }
            return drives.get(root).info();
        }

        @Override
        public OptionalInt diskNumber(String root) {
            Drive d = drives.get(root);
            return d == null || d.disk() == null ? OptionalInt.empty() : OptionalInt.of(d.disk());
        }

        @Override
        public long totalBytes(String root) {
            return 8_000_000_000L;
        }
    }

    /** DeviceTree from the drives' chains. */
    static DeviceTree tree(Volumes volumes) {
        return disk -> volumes.drives.values().stream().filter(d -> d.disk() != null && d.disk() == disk).findFirst()
                .map(Drive::chain).orElse(List.of());
    }

    /** DeviceNotifications that records, and can refuse. */
    static final class Notifications implements DeviceNotifications {
        IOException refuse;
        final Map<Long, String> watched = new HashMap<>();
        final List<Long> released = new ArrayList<>();
        long next = 0x500;
        boolean closed;

        @Override
        public void registerInterfaces() throws IOException {
            if (refuse != null) {
                throw refuse;
            }
        }

        @Override
        public long watchHandle(String volumeGuidPath) {
            long n = next++;
            watched.put(n, volumeGuidPath);
            return n;
        }

        long handleOf(String guid) {
            return watched.entrySet().stream().filter(e -> e.getValue().equals(guid) && !released.contains(e.getKey()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
        }

        @Override
        public void releaseHandle(long notification) {
            released.add(notification);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A worker that runs nothing until the test drains it; delayed tasks run in the order queued. */
    static final class ManualWorker implements Worker {
        final Deque<Runnable> queue = new ArrayDeque<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void run(Runnable task) {
            queue.add(task);
        }

        @Override
        public void runAfter(Duration delay, Runnable task) {
            delays.add(delay);
            queue.add(task);
        }

        int drain() {
            int ran = 0;
            while (!queue.isEmpty()) {
                queue.poll().run();
                ran++;
            }
            return ran;
        }

        @Override
        public void close() {
            queue.clear();
        }
    }
}

package io.mamori.agent.platform.portable;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The portable floor, for {@code Platform}: removable media watched with nothing but the JDK and
 * OSHI, on every OS — what an OS without native adapters uses, and what every OS falls back to when
 * its native adapters fail. Its limits: volumes are found by polling, writes are seen when they
 * settle, the writer is unknown, and a device cannot be made read-only or refused (the guard
 * quarantines each file written to such a device instead).
 */
public final class PortablePlatform {

    /** How often the mounted file systems are listed. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private PortablePlatform() {
    }

    /**
     * Removable volumes found by listing the mounted file systems every {@code interval}: those
     * mounted under a matcher's folder ({@code mounts-under}) as its device, the others as
     * {@code identities} says.
     */
    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers, StoreIdentities identities, Duration interval) {
        return new PolledMediaMonitor(new OshiFileStores(), new PresentedStores(matchers, identities), interval);
    }

    /** Files written on watched volumes, through the JDK's watch service. */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock) throws IOException {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        return WatchedFileActivity.start(listener, clock, windows ? new ExclusiveOpen() : WatchedFileActivity.WriterCheck.SETTLED_IS_CLOSED);
    }

    public static Enforcer enforcer() {
        return new PortableEnforcer();
    }

    /**
     * Removable stores as Windows types its drives ({@code DRIVE_REMOVABLE}, which OSHI describes
     * as "Removable drive"), identified by what the file system says; for where no better
     * identity source is at hand.
     */
    public static StoreIdentities removableDrives() {
        return new RemovableDrives();
    }
}

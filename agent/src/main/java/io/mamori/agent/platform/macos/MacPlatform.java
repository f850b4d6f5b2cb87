package io.mamori.agent.platform.macos;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The macOS implementations, for {@code Platform}; the classes themselves stay package-private.
 * Only their plain-Java logic has run (on Linux, against recorded values); the JNA classes under
 * them are compiled, not yet run on a Mac (docs/macos-adapters.md).
 */
public final class MacPlatform {

    /** How long a file must hold still before it is reported written (the portable watcher's window). */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /** Refuses no device at mount: the default until the policy is plugged in. */
    public static final Predicate<DeviceIdentity> REFUSE_NOTHING = identity -> false;

    private MacPlatform() {
    }

    /** Makes a FileActivity that reports to the given listener (the portable watcher's constructor, say). */
    @FunctionalInterface
    public interface FileActivityFactory {
        FileActivity start(FileActivity.Listener listener) throws IOException;
    }

    /** The patch level from {@code sw_vers} and {@code softwareupdate --list}. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new MacPatchStatusProbe(clock);
    }

    /**
     * Removable volumes from DiskArbitration's callbacks, with a mount-approval callback that
     * refuses the devices {@code refuse} accepts (and any whose check fails).
     *
     * @param fallback the monitor to use where a DiskArbitration session cannot be had (the portable one)
     * @param degraded told, in one line, when and why {@code fallback} is in use
     * @param refuse   which devices to refuse at mount; {@link #REFUSE_NOTHING} refuses none
     */
    public static MediaMonitor mediaMonitor(MediaMonitor fallback, Consumer<String> degraded, Predicate<DeviceIdentity> refuse) {
        return new MacMediaMonitor(new JnaDiskArbitration(), identities(), MacPlatform::mountedReadOnly, fallback, degraded, refuse);
    }

    /**
     * Files written on watched volumes, from FSEvents (file-level events), each reported once it
     * holds still, with an unknown writer. A volume FSEvents cannot watch is handed to
     * {@code portable}, and {@code degraded} says so.
     */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock, FileActivityFactory portable,
            Consumer<String> degraded) {
        return new MacFileActivity(new CarbonFsEvents(), listener, clock, SETTLE, portable, degraded);
    }

    /** Read-only by unmounting and mounting again with {@code rdonly}; deny by unmounting and ejecting; diskutil where DiskArbitration fails. */
    public static Enforcer enforcer() {
        return new MacEnforcer(new DiskArbitrationControl(), new DiskutilControl(new DiskutilCommands()));
    }

    /** For the portable watcher on macOS: stores under /Volumes that diskutil calls removable, identified through IOKit and diskutil. */
    public static StoreIdentities storeIdentities() {
        return new MacStoreIdentities(identities());
    }

    private static MacDeviceIdentities identities() {
        return new MacDeviceIdentities(new JnaIoKit(), new DiskutilCommands());
    }

    /** The mount's MNT_RDONLY, as the JDK's file store reads it (statfs). */
    private static boolean mountedReadOnly(Path mountPoint) {
        try {
            return Files.getFileStore(mountPoint).isReadOnly();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

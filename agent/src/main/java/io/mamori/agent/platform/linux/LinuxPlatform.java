package io.mamori.agent.platform.linux;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.RemovableMatcher;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.agent.platform.portable.StoreIdentities;
import io.mamori.protocol.policy.LocalizedText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The Linux implementations, for {@code Platform}; the classes themselves stay package-private. */
public final class LinuxPlatform {

    private LinuxPlatform() {
    }

    public static MediaMonitor mediaMonitor(List<RemovableMatcher> matchers) {
        return new LinuxMediaMonitor(Path.of("/proc/self/mountinfo"), SysfsBlockDevices.system(), matchers);
    }

    /** Which mounted stores are removable media, for the portable watcher: the same answer the native monitor gives. */
    public static StoreIdentities storeIdentities(List<RemovableMatcher> matchers) {
        return new LinuxStoreIdentities(new RemovableDevices(SysfsBlockDevices.system(), matchers));
    }

    /** Notifications and question windows in the people's graphical sessions. */
    public static Notifier notifier(Supplier<Map<String, LocalizedText>> texts, Path socketDir, Clock clock) {
        return new LinuxDesktop(new LinuxSessions(), texts, socketDir, clock);
    }

    /** The patch level through apt or dnf, {@code /boot} and {@code /var/run/reboot-required}. */
    public static PatchStatusProbe patchStatusProbe(Clock clock) {
        return new LinuxPatchStatusProbe(Path.of("/"), List.of(), clock);
    }

    /** Released files written into the employee's home as the employee (getent, setpriv). */
    public static io.mamori.agent.quarantine.PersonalFolders personalFolders() {
        long uid;
        try {
            uid = LinuxSessions.realUid(java.nio.file.Files.readString(Path.of("/proc/self/status"))).orElse(-1);
        } catch (IOException e) {
            uid = -1;
        }
        return LinuxPersonalFolders.system(uid);
    }

    /** Device-level enforcement with util-linux (remount read-only, unmount, write-protect the device). */
    public static Enforcer enforcer() {
        return new LinuxEnforcer();
    }

    /**
     * Files written on watched volumes: through fanotify where it can (it needs CAP_SYS_ADMIN, and
     * a mount may refuse it), through inotify elsewhere.
     */
    public static FileActivity fileActivity(FileActivity.Listener listener, Clock clock) throws IOException {
        return FallbackFileActivity.start(listener, clock);
    }
}

package io.mamori.agent.copy;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A removable volume mounted, remounted or gone, on the monitor's thread. A mounted device is
 * decided by the policy engine: {@code READ_ONLY} and {@code DENY} are carried out by the platform's
 * {@link Enforcer}; otherwise the volume is watched for files (and an inspection worker warmed up).
 * A device the enforcer cannot stop (the portable watcher never can) is watched, and every file
 * written to it is quarantined ({@link MountedVolumes#stopEachFile}). A remount that makes a read-only device
 * writable is undone.
 */
final class DeviceDecisions implements MediaMonitor.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceDecisions.class);

    private final CopyPolicy policy;
    private final Enforcer enforcer;
    private final MountedVolumes volumes;
    private final CopyOperations operations;
    private final CopyNotices notices;
    private final CopyEvents events;
    private final Runnable warmUp;
    private final Consumer<Volume> writable;
    private final Map<Integer, Decision> decided = new ConcurrentHashMap<>();
    private volatile FileActivity activity;

    /**
     * @param warmUp   starts an inspection worker, once a volume is watched
     * @param writable a volume files may be written to is mounted (continued files waiting for it go back)
     */
    DeviceDecisions(CopyPolicy policy, Enforcer enforcer, MountedVolumes volumes, CopyOperations operations, CopyNotices notices,
            CopyEvents events, Runnable warmUp, Consumer<Volume> writable) {
        this.policy = policy;
        this.enforcer = enforcer;
        this.volumes = volumes;
        this.operations = operations;
        this.notices = notices;
        this.events = events;
        this.warmUp = warmUp;
        this.writable = writable;
    }

    void attach(FileActivity fileActivity) {
        this.activity = fileActivity;
    }

    @Override
    public void mounted(Volume volume) {
        volumes.mounted(volume);
        Decision decision = policy.device(volume.identity());
        decided.put(volume.mount().mountId(), decision);
        events.deviceMounted(volume, decision);
        notices.mounted(volume.identity(), decision);
        switch (decision.action()) {
            case READ_ONLY -> enforce(volume, decision, "make read-only", () -> enforcer.readOnly(volume));
            case DENY -> enforce(volume, decision, "unmount", () -> enforcer.deny(volume));
            default -> {
                watch(volume);
                writable.accept(volume);
            }
        }
    }

    /**
     * Asked by an OS that lets the agent refuse a mount before it happens (macOS' mount approval):
     * true when policy denies the device, which is then recorded and told as denied. Anything that
     * goes wrong answers false: the mount goes ahead and is decided, and carried out, when it is reported.
     */
    boolean refuseMount(DeviceIdentity device) {
        try {
            Decision decision = policy.device(device);
            if (decision.action() != Action.DENY) {
                return false;
            }
            events.deviceRefused(device, decision);
            notices.mounted(device, decision);
            return true;
        } catch (RuntimeException e) {
            LOG.error("could not decide whether to refuse {} before its mount: {}", device.shortName(), e.getMessage());
            return false;
        }
    }

    @Override
    public void remounted(Volume volume) {
        Decision decision = decided.get(volume.mount().mountId());
        if (decision != null && decision.action() == Action.READ_ONLY && !volume.mount().readOnly()) {
            LOG.warn("{} was remounted writable against policy; making it read-only again", volume.mount().mountPoint());
            enforce(volume, decision, "make read-only again", () -> enforcer.readOnly(volume));
        }
    }

    @Override
    public void unmounted(Volume volume) {
        Decision decision = decided.remove(volume.mount().mountId());
        if (decision != null && (decision.action() == Action.READ_ONLY || decision.action() == Action.DENY)) {
            enforcer.released(volume);
        }
        if (volumes.gone(volume) && activity != null) {
            activity.unwatch(volume);
        }
        operations.volumeGone(volume);
        events.deviceUnmounted(volume);
    }

    private interface Enforcement {
        void run() throws IOException;
    }

    private void enforce(Volume volume, Decision decision, String what, Enforcement enforcement) {
        try {
            enforcement.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not {} {}: {}; every file written to it is quarantined instead", what, volume.mount().mountPoint(),
                    e.getMessage());
            events.enforcementFailed(volume.identity(), null, null, "could not " + what + " " + volume.mount().mountPoint() + ": "
                    + e.getMessage() + "; every file written to it is quarantined instead");
            // what cannot be stopped at the device is stopped at each file: watched, and every file taken off it
            volumes.stopEachFile(volume, decision);
            watch(volume);
        }
    }

    private void watch(Volume volume) {
        FileActivity watcher = activity;
        if (watcher == null) {
            LOG.warn("no file watcher: files written on {} are not seen", volume.mount().mountPoint());
            return;
        }
        try {
            watcher.watch(volume);
            volumes.watching(volume);
            warmUp.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot watch {}: {}", volume.mount().mountPoint(), e.getMessage());
            events.enforcementFailed(volume.identity(), null, null, "cannot watch files written on " + volume.mount().mountPoint()
                    + ": " + e.getMessage());
        }
    }
}

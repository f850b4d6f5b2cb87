package io.mamori.agent.copy;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.Notice;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>A device stays decided only as long as what decided it holds: {@link #decideAgain} (after each
 * heartbeat, and when a device exception ends) decides every mounted device again, and a changed
 * decision is carried out while the device stays mounted — read-only to writable when an exception
 * is granted, back to read-only when it is revoked or expires, or whatever a new policy says — with
 * the employee told and the change recorded (issue 23).
 */
final class DeviceDecisions implements MediaMonitor.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceDecisions.class);
    /** An exception is over once its end has passed; decided again this long after it. */
    private static final Duration AFTER_EXPIRY = Duration.ofMillis(200);

    private final CopyPolicy policy;
    private final Enforcer enforcer;
    private final MountedVolumes volumes;
    private final CopyOperations operations;
    private final CopyNotices notices;
    private final CopyEvents events;
    private final CopyThreads threads;
    private final Runnable warmUp;
    private final Consumer<Volume> writable;
    /** By mount id, guarded by this: the volume as last reported, and what was decided for it. */
    private final Map<Integer, Volume> present = new HashMap<>();
    private final Map<Integer, Decision> decided = new HashMap<>();
    /** Mounts whose remount writable failed, recorded once (it is tried again at each decision). */
    private final Set<Integer> writableFailed = new HashSet<>();
    /** The end of a device exception a decision is scheduled for; null when none is. */
    private Instant expiryScheduled;
    private volatile FileActivity activity;

    /**
     * @param warmUp   starts an inspection worker, once a volume is watched
     * @param writable a volume files may be written to is mounted (continued files waiting for it go back)
     */
    DeviceDecisions(CopyPolicy policy, Enforcer enforcer, MountedVolumes volumes, CopyOperations operations, CopyNotices notices,
            CopyEvents events, CopyThreads threads, Runnable warmUp, Consumer<Volume> writable) {
        this.policy = policy;
        this.enforcer = enforcer;
        this.volumes = volumes;
        this.operations = operations;
        this.notices = notices;
        this.events = events;
        this.threads = threads;
        this.warmUp = warmUp;
        this.writable = writable;
    }

    void attach(FileActivity fileActivity) {
        this.activity = fileActivity;
    }

    @Override
    public synchronized void mounted(Volume volume) {
        volumes.mounted(volume);
        Decision decision = policy.device(volume.identity());
        present.put(volume.mount().mountId(), volume);
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
        scheduleExpiry();
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
    public synchronized void remounted(Volume volume) {
        int mountId = volume.mount().mountId();
        if (present.containsKey(mountId)) {
            present.put(mountId, volume);
        }
        Decision decision = decided.get(mountId);
        if (decision != null && decision.action() == Action.READ_ONLY && !volume.mount().readOnly()) {
            LOG.warn("{} was remounted writable against policy; making it read-only again", volume.mount().mountPoint());
            enforce(volume, decision, "make read-only again", () -> enforcer.readOnly(volume));
        }
    }

    @Override
    public synchronized void unmounted(Volume volume) {
        int mountId = volume.mount().mountId();
        present.remove(mountId);
        writableFailed.remove(mountId);
        Decision decision = decided.remove(mountId);
        if (decision != null && restricts(decision.action())) {
            enforcer.released(volume);
        }
        if (volumes.gone(volume) && activity != null) {
            activity.unwatch(volume);
        }
        operations.volumeGone(volume);
        events.deviceUnmounted(volume);
    }

    /** Every mounted device decided again, on the devices' thread, soon. */
    void decideAgainSoon() {
        threads.devices(Duration.ZERO, this::decideAgain);
    }

    /**
     * Decides every mounted device again with the policy and exceptions in force now, and carries
     * out each decision that changed while the device stays mounted.
     */
    synchronized void decideAgain() {
        for (Volume volume : List.copyOf(present.values())) {
            Decision was = decided.get(volume.mount().mountId());
            if (was == null) {
                continue;
            }
            try {
                Decision now = policy.device(volume.identity());
                if (now.action() == was.action()) {
                    decided.put(volume.mount().mountId(), now);
                } else {
                    change(volume, was, now);
                }
            } catch (RuntimeException e) {
                LOG.error("could not decide {} again: {}", volume.mount().mountPoint(), e.getMessage());
            }
        }
        scheduleExpiry();
    }

    private void change(Volume volume, Decision was, Decision now) {
        int mountId = volume.mount().mountId();
        String why = why(was, now);
        if (now.action() == Action.DENY) {
            decided.put(mountId, now);
            told(volume, now, why);
            enforce(volume, now, "unmount", () -> enforcer.deny(volume));
        } else if (now.action() == Action.READ_ONLY) {
            decided.put(mountId, now);
            told(volume, now, why);
            if (enforce(volume, now, "make read-only", () -> enforcer.readOnly(volume))) {
                volumes.stopAtDevice(volume);
                volumes.notWatching(volume);
                FileActivity watcher = activity;
                if (watcher != null) {
                    watcher.unwatch(volume);
                }
            }
        } else if (restricts(was.action())) {
            if (!becameWritable(volume, was)) {
                return; // still read-only (or still stopped file by file): tried again at the next decision
            }
            decided.put(mountId, now);
            told(volume, now, why);
            watch(volume);
            writable.accept(volume);
        } else {
            decided.put(mountId, now); // writable before and after: each file is decided as it comes
        }
    }

    /** Whether a restricted volume takes writes now; a failure is recorded once per mount, and retried. */
    private boolean becameWritable(Volume volume, Decision was) {
        int mountId = volume.mount().mountId();
        if (volumes.stoppedPerFile(volume).isPresent()) {
            // its device was never stopped: each file was. Whatever the enforcer left half done is undone where it can be.
            try {
                enforcer.writable(volume);
            } catch (IOException | RuntimeException e) {
                LOG.info("{} was stopped file by file; nothing to undo at the device ({})", volume.mount().mountPoint(),
                        e.getMessage());
            }
            volumes.stopAtDevice(volume);
            return true;
        }
        if (was.action() == Action.DENY) {
            return false; // a denied volume still mounted is stopped file by file (above); here it is on its way out
        }
        try {
            enforcer.writable(volume);
            writableFailed.remove(mountId);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not make {} writable: {}", volume.mount().mountPoint(), e.getMessage());
            if (writableFailed.add(mountId)) {
                events.enforcementFailed(volume.identity(), null, null, "could not make " + volume.mount().mountPoint()
                        + " writable as its new decision allows: " + e.getMessage() + "; it stays read-only");
            }
            return false;
        }
    }

    private void told(Volume volume, Decision now, String why) {
        LOG.info("{} ({}) decided again: {} ({})", volume.mount().mountPoint(), volume.identity().shortName(), now.action(), why);
        events.deviceDecidedAgain(volume, now, why);
        Instant until = now.exceptionId() == null ? null : policy.expiryOf(now.exceptionId()).orElse(null);
        notices.changed(new Notice.DeviceChanged(volume.identity(), now.action(), until));
    }

    private static String why(Decision was, Decision now) {
        if (now.exceptionId() != null && !now.exceptionId().equals(was.exceptionId())) {
            return "exception " + now.exceptionId() + " is in force";
        }
        if (was.exceptionId() != null && !was.exceptionId().equals(now.exceptionId())) {
            return "exception " + was.exceptionId() + " ended (expired or revoked)";
        }
        if (now.policyVersion() != was.policyVersion()) {
            return "policy version " + now.policyVersion();
        }
        return "the policy's decision changed (" + was.action() + " → " + now.action() + ")";
    }

    /** When a device exception ends while a device is mounted, the devices are decided again just after. */
    private void scheduleExpiry() {
        if (present.isEmpty()) {
            return;
        }
        Optional<Instant> next = policy.nextDeviceExpiry();
        if (next.isEmpty() || expiryScheduled != null && !next.get().isBefore(expiryScheduled)) {
            return; // a decision is already due by then, and schedules the next one when it runs
        }
        Instant at = next.get();
        expiryScheduled = at;
        threads.devices(Duration.between(policy.now(), at).plus(AFTER_EXPIRY), () -> {
            synchronized (this) {
                if (at.equals(expiryScheduled)) {
                    expiryScheduled = null;
                }
            }
            decideAgain();
        });
    }

    private static boolean restricts(Action action) {
        return action == Action.READ_ONLY || action == Action.DENY;
    }

    private interface Enforcement {
        void run() throws IOException;
    }

    /** Carries out a device decision; true when done, false when it is carried out on each file instead. */
    private boolean enforce(Volume volume, Decision decision, String what, Enforcement enforcement) {
        try {
            enforcement.run();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("could not {} {}: {}; every file written to it is quarantined instead", what, volume.mount().mountPoint(),
                    e.getMessage());
            events.enforcementFailed(volume.identity(), null, null, "could not " + what + " " + volume.mount().mountPoint() + ": "
                    + e.getMessage() + "; every file written to it is quarantined instead");
            // what cannot be stopped at the device is stopped at each file: watched, and every file taken off it
            volumes.stopEachFile(volume, decision);
            watch(volume);
            return false;
        }
    }

    private void watch(Volume volume) {
        FileActivity watcher = activity;
        if (watcher == null) {
            LOG.warn("no file watcher: files written on {} are not seen", volume.mount().mountPoint());
            return;
        }
        if (volumes.watched(volume)) {
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

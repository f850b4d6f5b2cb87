package io.mamori.agent.platform.windows;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the writer of each file another {@link FileActivity} reports, from the Security events
 * 4663 Windows logs when "Audit Removable Storage" is on: the most recent write access to the same
 * file within {@code window} before the write was seen (or up to {@code grace} after: the event log
 * may deliver late). Where there is none the actor is unknown and says why — "audit policy off",
 * "audit policy unreadable" or "no audit event" — and never a guess. The recent events are bounded
 * in count and in age.
 */
final class AuditedFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedFileActivity.class);
    static final String POLICY_OFF = "audit policy off";
    static final String POLICY_UNREADABLE = "audit policy unreadable";
    static final String NO_EVENT = "no audit event";
    /** How long a read of the audit policy or of the drive devices is trusted. */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    /** A write access from the log, on a drive path, ready to match. */
    private record AuditedWrite(Instant at, String pathKey, Actor actor) {
    }

    private final Listener downstream;
    private final AuditNative audit;
    private final Function<String, Path> rootPath;
    private final Clock clock;
    private final Duration window;
    private final Duration grace;
    private final int capacity;
    private final Deque<AuditedWrite> recent = new ArrayDeque<>();
    private FileActivity delegate;
    private AuditPolicy policy;
    private Instant policyReadAt;
    private Map<String, String> drives = Map.of();
    private Instant drivesReadAt;
    private long unreadable;

    /**
     * @param downstream who hears of each write, with the writer put in
     * @param rootPath   turns a drive root ({@code E:\}) into a Path, as the media monitor does
     * @param window     how long before a write an audit event still counts for it
     * @param grace      how long to wait for a late audit event when the policy is on
     * @param capacity   at most this many recent audit events are kept
     */
    AuditedFileActivity(Listener downstream, AuditNative audit, Function<String, Path> rootPath, Clock clock, Duration window,
            Duration grace, int capacity) {
        this.downstream = downstream;
        this.audit = audit;
        this.rootPath = rootPath;
        this.clock = clock;
        this.window = window;
        this.grace = grace;
        this.capacity = capacity;
    }

    /** Puts the decorated activity in place (it was made with {@link #written} as its listener). */
    void wrap(FileActivity delegate) {
        this.delegate = delegate;
    }

    /** One rendered 4663 event from the subscription. */
    void auditEvent(String xml) {
        RemovableStorageAudit.AuditedAccess access;
        try {
            access = RemovableStorageAudit.parse(xml);
        } catch (RemovableStorageAudit.UnreadableEvent e) {
            synchronized (this) {
                unreadable++;
            }
            LOG.warn("an audit event was not read: {}", e.getMessage());
            return;
        }
        if (!access.write()) {
            return;
        }
        Optional<String> onDrive = RemovableStorageAudit.onDrive(access.objectName(), drives(false));
        if (onDrive.isEmpty()) {
            onDrive = RemovableStorageAudit.onDrive(access.objectName(), drives(true)); // a new volume since the last read
        }
        if (onDrive.isEmpty()) {
            return; // not on a drive letter: not a file the agent watches
        }
        Actor actor = new Actor(access.user(), null, access.pid(), access.program());
        synchronized (this) {
            recent.addLast(new AuditedWrite(access.at(), key(drivePath(onDrive.get())), actor));
            forgetOld();
            notifyAll();
        }
    }

    /** One write from the decorated activity: passed on with the writer from the audit log, or an unknown one and why. */
    void written(FileWritten written) {
        Actor actor;
        AuditPolicy state = policy();
        if (state == AuditPolicy.OFF) {
            actor = Actor.unknown(POLICY_OFF);
        } else if (state == AuditPolicy.UNREADABLE) {
            actor = match(written, Duration.ZERO).orElse(Actor.unknown(POLICY_UNREADABLE));
        } else {
            actor = match(written, grace).orElse(Actor.unknown(NO_EVENT));
        }
        downstream.written(new FileWritten(written.path(), written.volume(), actor, written.at()));
    }

    private synchronized Optional<Actor> match(FileWritten written, Duration wait) {
        String key = key(written.path());
        Instant from = written.at().minus(window);
        Instant until = written.at().plus(grace);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            // the latest write access at or before the write was seen; else the first one after it (the log was late)
            AuditedWrite before = null;
            AuditedWrite after = null;
            for (AuditedWrite candidate : recent) {
                if (!candidate.pathKey().equals(key) || candidate.at().isBefore(from) || candidate.at().isAfter(until)) {
                    continue;
                }
                if (!candidate.at().isAfter(written.at())) {
                    before = before == null || candidate.at().isAfter(before.at()) ? candidate : before;
                } else {
                    after = after == null || candidate.at().isBefore(after.at()) ? candidate : after;
                }
            }
            AuditedWrite best = before != null ? before : after;
            long left = deadline - System.nanoTime();
            if (best != null || left <= 0) {
                return Optional.ofNullable(best).map(AuditedWrite::actor);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private void forgetOld() {
        Instant oldest = clock.instant().minus(window.plus(grace).multipliedBy(2));
        for (Iterator<AuditedWrite> it = recent.iterator(); it.hasNext(); ) {
            if (it.next().at().isBefore(oldest)) {
                it.remove();
            }
        }
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    private synchronized AuditPolicy policy() {
        Instant now = clock.instant();
        if (policy == null || policyReadAt.plus(RECHECK).isBefore(now)) {
            AuditPolicy before = policy;
            try {
                policy = AuditPolicy.of(audit.removableStoragePolicy());
            } catch (IOException | RuntimeException e) {
                policy = AuditPolicy.UNREADABLE;
                LOG.warn("cannot read the Removable Storage audit policy ({}); writers are named only where an event still arrives",
                        e.getMessage());
            }
            policyReadAt = now;
            if (policy != before) {
                LOG.info("Removable Storage auditing is {}: writers of files on removable volumes {}", policy,
                        policy == AuditPolicy.ON ? "are named from Security event 4663" : "are recorded as unknown");
            }
        }
        return policy;
    }

    private synchronized Map<String, String> drives(boolean fresh) {
        Instant now = clock.instant();
        if (fresh || drivesReadAt == null || drivesReadAt.plus(RECHECK).isBefore(now)) {
            try {
                drives = audit.driveDevices();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot read the drive letters' device names: {}", e.getMessage());
            }
            drivesReadAt = now;
        }
        return drives;
    }

    /** {@code E:\folder\file.txt} as a Path under the same roots the media monitor uses. */
    private Path drivePath(String onDrive) {
        Path path = rootPath.apply(onDrive.substring(0, 2).toUpperCase(Locale.ROOT) + "\\");
        for (String part : onDrive.substring(2).split("\\\\")) {
            if (!part.isEmpty()) {
                path = path.resolve(part);
            }
        }
        return path;
    }

    /** Windows file names compare without case. */
    private static String key(Path path) {
        return path.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
    }

    /** How many audit events could not be read since start; for tests and status. */
    synchronized long unreadableEvents() {
        return unreadable;
    }

    /** How many recent audit events are held; for tests. */
    synchronized int held() {
        return recent.size();
    }

    @Override
    public void watch(Volume volume) throws IOException {
        delegate.watch(volume);
    }

    @Override
    public void unwatch(Volume volume) {
        delegate.unwatch(volume);
    }

    @Override
    public void close() {
        try {
            audit.close();
        } finally {
            if (delegate != null) {
                delegate.close();
            }
        }
    }
}

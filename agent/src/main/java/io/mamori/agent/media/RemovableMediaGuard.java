package io.mamori.agent.media;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.quarantine.FileOrigin;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.event.UserResponse;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notifier;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's core for removable media: decides each mounted device and each file written to one,
 * enforces the decision, and records every step in the operation log.
 *
 * <ul>
 *   <li>A mounted device is decided by the policy engine: {@code READ_ONLY} and {@code DENY} are
 *   carried out by the platform's {@link Enforcer}; otherwise the volume is watched.</li>
 *   <li>A file written and closed on a watched volume joins its copy operation
 *   ({@link CopyOperations}), is classified (in the inspection workers) and decided. {@code AUDIT}
 *   and {@code WARN} let it stand; {@code BLOCK} moves it into the quarantine store at once;
 *   {@code WARN_OVERRIDE} moves it there too and holds it for the employee's answer: one question
 *   per copy operation through the {@link Notifier}; continued, the files are written back;
 *   cancelled, unanswered in time or with nobody to ask, they stay quarantined.</li>
 *   <li>The employee is told once per device mounted and once per copy operation with warned or
 *   blocked files (never per file).</li>
 *   <li>A file that vanished, or a device that went away, before the decision was carried out is
 *   recorded as such; nothing is retried against a device that is gone.</li>
 * </ul>
 *
 * <p>Files are decided on a small pool of threads (one per inspection worker), so a copy of many
 * files is classified in parallel and a slow file does not hold up the others.
 */
public final class RemovableMediaGuard implements MediaMonitor.Listener, FileActivity.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemovableMediaGuard.class);
    /** Files larger than this get a first look (the beginning of their text) before the whole is read. */
    static final long FIRST_LOOK_ABOVE_BYTES = 1024 * 1024;
    /** How much text the first look reads. */
    static final int FIRST_LOOK_CHARS = 256 * 1024;
    /** How many recently decided (path, size, time) triples are remembered, so a second report of the same write is ignored. */
    private static final int RECENT = 10_000;

    /** One file decided and enforced; for tests and the latency benchmark. */
    public record Decided(Path path, UUID eventId, UUID operationId, Action action, Instant writtenAt, Instant doneAt,
            String sha256) {
    }

    /** Where the guard gets what it needs; the agent service wires the real ones. */
    public record Parts(
            AgentEvents events,
            EventRecorder recorder,
            Supplier<Optional<Policy>> policy,
            Function<Instant, List<ExceptionGrant>> exceptions,
            Inspector inspector,
            Supplier<QuarantineStore> quarantine,
            Enforcer enforcer,
            Clock clock,
            Duration operationGap,
            int threads,
            Path scratch,
            HoldJournal holdJournal,
            Notifier notifier,
            PreCopyCount preCopy) {
    }

    /**
     * What the background indexer already knows, for the warning on mount: the indexed files the
     * policy would stop ({@code stopped}, given each file's summary and content hash) on the device,
     * counted by the user id of their owner.
     */
    @FunctionalInterface
    public interface PreCopyCount {
        Map<Long, Integer> byOwner(java.util.function.BiPredicate<ClassificationSummary, String> stopped);

        PreCopyCount NONE = stopped -> Map.of();
    }

    private final Parts parts;
    private final CopyOperations operations;
    private final ExecutorService deciding;
    private final ScheduledExecutorService holds;
    private final Map<Integer, Decision> devices = new ConcurrentHashMap<>();
    private final Map<Path, Volume> watched = new ConcurrentHashMap<>();
    private final Map<Path, Volume> present = new ConcurrentHashMap<>();
    private final Map<Path, String> releasing = new ConcurrentHashMap<>();
    private final Map<String, Boolean> recent = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    });
    private final Map<UUID, HeldOperation> held = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();
    private final Set<UUID> givingBack = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile FileActivity activity;
    private volatile Consumer<Decided> onDecided = decided -> { };

    private static final class HeldOperation {
        final List<UUID> eventIds = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        final int timeoutSeconds;
        final Instant due;
        /** What the question says; null for a hold taken up from the last run, which is not asked again. */
        final Tally tally;

        HeldOperation(int timeoutSeconds, Instant due, Tally tally) {
            this.timeoutSeconds = timeoutSeconds;
            this.due = due;
            this.tally = tally;
        }
    }

    public RemovableMediaGuard(Parts parts) {
        this.parts = parts;
        this.operations = new CopyOperations(parts.operationGap());
        AtomicInteger threadNumber = new AtomicInteger();
        this.deciding = new ThreadPoolExecutor(parts.threads(), parts.threads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> daemon(runnable, "mamori-decide-" + threadNumber.incrementAndGet()));
        ((ThreadPoolExecutor) deciding).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "mamori-holds"));
        timer.setRemoveOnCancelPolicy(true);
        this.holds = timer;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Connects the file watcher the guard is the listener of (made after the guard, with it as listener). */
    public void attach(FileActivity fileActivity) {
        this.activity = fileActivity;
    }

    /** Called after each file is decided and enforced. */
    public void onDecided(Consumer<Decided> listener) {
        this.onDecided = listener;
    }

    /** Files written and not yet decided. */
    public int pending() {
        return pending.get();
    }

    /** True for a path on a removable volume mounted now, whatever was decided for it. */
    public boolean onRemovableVolume(Path path) {
        Path absolute = path.toAbsolutePath();
        return present.keySet().stream().anyMatch(absolute::startsWith);
    }

    /** The removable volumes being watched now. */
    public List<Volume> watchedVolumes() {
        return List.copyOf(watched.values());
    }

    // ---------------------------------------------------------------- devices

    @Override
    public void mounted(Volume volume) {
        present.put(volume.mount().mountPoint(), volume);
        Instant now = parts.clock().instant();
        Decision decision = decideDevice(volume.identity(), now);
        devices.put(volume.mount().mountId(), decision);
        parts.recorder().record(event(EventKind.DEVICE_MOUNTED, volume.identity(), null, null, decision, null, null,
                volume.mount().mountPoint() + " mounted (" + volume.mount().fsType() + ")"));
        tellMounted(volume.identity(), decision);
        switch (decision.action()) {
            case READ_ONLY -> enforce(volume, "make read-only", () -> parts.enforcer().readOnly(volume));
            case DENY -> enforce(volume, "unmount", () -> parts.enforcer().deny(volume));
            default -> {
                watch(volume);
                if (!givingBack.isEmpty()) {
                    holds.execute(() -> giveBackTo(volume));
                }
            }
        }
    }

    /**
     * The notice on mount; on a device files can be written to, with how many of each person's
     * indexed files the policy would stop there (counted off the caller's thread: the index may be large).
     */
    private void tellMounted(DeviceIdentity device, Decision decision) {
        Optional<Policy> policy = parts.policy().get();
        if (policy.isEmpty() || decision.action() == Action.READ_ONLY || decision.action() == Action.DENY) {
            tell(new Notice.DeviceMounted(device, decision.action(), decision.deviceApproved(), Map.of()));
            return;
        }
        holds.execute(() -> {
            Map<Long, Integer> wouldStop = Map.of();
            try {
                Subject subject = subject(device, parts.clock().instant());
                wouldStop = parts.preCopy().byOwner((summary, sha256) -> quarantines(PolicyEngine.decideFile(policy.get(), subject,
                        summary, sha256).action()));
            } catch (RuntimeException e) {
                LOG.warn("could not count the indexed files the policy would stop on {}: {}", device.shortName(), e.getMessage());
            }
            tell(new Notice.DeviceMounted(device, decision.action(), decision.deviceApproved(), wouldStop));
        });
    }

    @Override
    public void remounted(Volume volume) {
        Decision decision = devices.get(volume.mount().mountId());
        if (decision != null && decision.action() == Action.READ_ONLY && !volume.mount().readOnly()) {
            LOG.warn("{} was remounted writable against policy; making it read-only again", volume.mount().mountPoint());
            enforce(volume, "make read-only again", () -> parts.enforcer().readOnly(volume));
        }
    }

    @Override
    public void unmounted(Volume volume) {
        Decision decision = devices.remove(volume.mount().mountId());
        if (decision != null && (decision.action() == Action.READ_ONLY || decision.action() == Action.DENY)) {
            parts.enforcer().released(volume);
        }
        Path mountPoint = volume.mount().mountPoint();
        present.remove(mountPoint);
        if (watched.remove(mountPoint) != null && activity != null) {
            activity.unwatch(volume);
        }
        operations.volumeGone(volume);
        parts.recorder().record(event(EventKind.DEVICE_UNMOUNTED, volume.identity(), null, null, null, null, null,
                mountPoint + " unmounted"));
    }

    private Decision decideDevice(DeviceIdentity device, Instant now) {
        Optional<Policy> policy = parts.policy().get();
        if (policy.isEmpty()) {
            return new Decision(Action.AUDIT, List.of(), null, false, 0);
        }
        return PolicyEngine.decideDevice(policy.get(), subject(device, now));
    }

    private Subject subject(DeviceIdentity device, Instant now) {
        return new Subject(device, Set.of(), parts.exceptions().apply(now), now);
    }

    private interface Enforcement {
        void run() throws IOException;
    }

    private void enforce(Volume volume, String what, Enforcement enforcement) {
        try {
            enforcement.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not {} {}: {}", what, volume.mount().mountPoint(), e.getMessage());
            parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, volume.identity(), null, null, null, null, null,
                    "could not " + what + " " + volume.mount().mountPoint() + ": " + e.getMessage()));
            watch(volume); // what cannot be stopped is at least watched and recorded
        }
    }

    private void watch(Volume volume) {
        if (activity == null) {
            LOG.warn("no file watcher: files written on {} are not seen", volume.mount().mountPoint());
            return;
        }
        try {
            activity.watch(volume);
            watched.put(volume.mount().mountPoint(), volume);
            warmUp();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot watch {}: {}", volume.mount().mountPoint(), e.getMessage());
            parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, volume.identity(), null, null, null, null, null,
                    "cannot watch files written on " + volume.mount().mountPoint() + ": " + e.getMessage()));
        }
    }

    /**
     * Has an inspection worker started while the person is still looking at the new stick, so the
     * first file copied does not wait for a worker JVM to start (about a second and a half). The
     * content is new each time, so no cached result stands in for the worker.
     */
    private void warmUp() {
        pending.incrementAndGet();
        try {
            deciding.execute(() -> {
                Path file = null;
                try {
                    file = Files.createTempFile("mamori-warm-up", ".txt");
                    Files.writeString(file, "warm-up " + UUID.randomUUID());
                    parts.inspector().inspect(file);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("warming up the inspector: {}", e.getMessage());
                } finally {
                    pending.decrementAndGet();
                    if (file != null) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            LOG.debug("cannot remove {}: {}", file, e.getMessage());
                        }
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet(); // stopping
        }
    }

    // ---------------------------------------------------------------- files

    @Override
    public void written(FileActivity.FileWritten written) {
        UUID operationId = operations.operationFor(written);
        pending.incrementAndGet();
        deciding(operationId, 1);
        try {
            deciding.execute(() -> {
                try {
                    decide(written, operationId);
                } catch (RuntimeException e) {
                    LOG.error("deciding {} failed", written.path(), e);
                    parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, written.volume().identity(), written, null,
                            null, operationId, null, "deciding " + written.path() + " failed: " + e));
                } finally {
                    deciding(operationId, -1);
                    pending.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            deciding(operationId, -1);
            pending.decrementAndGet(); // the agent is stopping
            LOG.warn("not deciding {}: the agent is stopping", written.path());
        }
    }

    /** Counts the files of an operation being decided: a held copy is asked about once all are. */
    private void deciding(UUID operationId, int change) {
        inFlight.compute(operationId, (id, count) -> {
            int now = (count == null ? 0 : count) + change;
            return now <= 0 ? null : now;
        });
    }

    private void decide(FileActivity.FileWritten written, UUID operationId) {
        Path path = written.path();
        DeviceIdentity device = written.volume().identity();
        Optional<BasicFileAttributes> before = attributes(path);
        if (before.isEmpty()) {
            gone(written, operationId, "before it could be inspected");
            return;
        }
        if (!before.get().isRegularFile()) {
            return; // directories, links and devices carry no content of their own
        }
        String seenKey = path + "\u0000" + before.get().size() + "\u0000" + before.get().lastModifiedTime().toMillis();
        if (recent.putIfAbsent(seenKey, Boolean.TRUE) != null) {
            return; // the same write reported twice (a rename after close, the inotify fallback's rescan)
        }
        Optional<Policy> policy = parts.policy().get();
        Subject subject = subject(device, parts.clock().instant()); // one look at the exceptions per file
        UUID eventId = EventIds.next();
        String firstLookSha256 = null;
        Classification classification = null;
        QuarantinedFile early = null;
        Decision firstDecision = null;
        if (policy.isPresent() && before.get().size() > FIRST_LOOK_ABOVE_BYTES) {
            String sha256;
            try {
                sha256 = io.mamori.classifier.Classifier.sha256(path);
            } catch (IOException e) {
                gone(written, operationId, "before it could be inspected");
                return;
            }
            firstLookSha256 = sha256;
            Classification first = parts.inspector().glance(path, sha256, FIRST_LOOK_CHARS);
            if (first.status() != InspectionStatus.TOO_LARGE) {
                classification = first; // its text fitted (or the index knew it): this is the whole file
            } else {
                // findings only grow with more text: a rule that quarantines now quarantines on the whole file too
                ClassificationSummary partial = new ClassificationSummary(InspectionStatus.OK, null, first.mediaType(),
                        first.summaries(Confidence.LOW), first.people(), first.reportable());
                Decision decided = PolicyEngine.decideFile(policy.get(), subject, partial, sha256);
                if (quarantines(decided.action())) {
                    Optional<QuarantinedFile> stored = quarantine(written, eventId, operationId, sha256, decided, partial);
                    if (stored.isEmpty()) {
                        return; // recorded
                    }
                    early = stored.get();
                    firstDecision = decided;
                    onDecided.accept(new Decided(path, eventId, operationId, decided.action(), written.at(),
                            parts.clock().instant(), early.sha256()));
                    classification = classifyQuarantined(early, path);
                }
            }
        }
        if (classification == null) {
            classification = firstLookSha256 == null ? parts.inspector().inspect(path)
                    : parts.inspector().inspect(path, firstLookSha256); // hashed once, for the first look
            if (attributes(path).isEmpty()) {
                gone(written, operationId, "while it was being inspected");
                return;
            }
        }
        String expected = releasing.get(path);
        if (early == null && expected != null && expected.equals(classification.sha256())) {
            releasing.remove(path);
            LOG.debug("{} is the agent's own release", path);
            return;
        }
        ClassificationSummary summary = classification.toSummary(Confidence.LOW);
        Decision decision = policy.isPresent()
                ? PolicyEngine.decideFile(policy.get(), subject, summary, classification.sha256())
                : new Decision(Action.AUDIT, List.of(), null, false, 0);
        String note = null;
        if (early != null && !quarantines(decision.action())) {
            // only a rule on the inspection status can undo a first look's finding; what was done stands
            note = "Quarantined on the first " + FIRST_LOOK_CHARS + " characters (" + firstDecision.action()
                    + "); the whole file alone would have been " + decision.action() + ".";
            decision = firstDecision;
        }
        String sha256 = classification.sha256();
        long size = classification.size();
        if (early != null) {
            sha256 = early.sha256();
            size = early.size();
        } else if (quarantines(decision.action())) {
            Optional<QuarantinedFile> stored = quarantine(written, eventId, operationId, sha256, decision, summary);
            if (stored.isEmpty()) {
                return; // recorded
            }
            sha256 = stored.get().sha256();
            size = stored.get().size();
        }
        String detail = detailFor(decision.action(), classification);
        if (note != null) {
            detail = detail == null ? note : detail + " " + note;
        }
        parts.recorder().record(new Event(eventId, parts.events().agentId(), written.at(), EventKind.FILE_WRITTEN,
                parts.events().host(), written.actor(), device, new FileRef(path.toString(), volumePath(written), size, sha256),
                summary, decision, operationId, null, detail));
        if (decision.action() == Action.WARN_OVERRIDE) {
            hold(operationId, eventId, written, summary,
                    policy.map(Policy::overrideTimeoutSeconds).orElse(Policy.DEFAULT_OVERRIDE_TIMEOUT_SECONDS));
        } else if (decision.action() == Action.WARN || decision.action() == Action.BLOCK) {
            tally(operationId, written, decision.action(), summary);
        }
        LOG.info("{} → {} ({} findings, {}, {} ms{})", path, decision.action(), summary.findings().size(), summary.status(),
                classification.elapsedMs(), early == null ? "" : ", quarantined on a first look");
        if (early == null) {
            onDecided.accept(new Decided(path, eventId, operationId, decision.action(), written.at(), parts.clock().instant(),
                    sha256));
        }
    }

    private static boolean quarantines(Action action) {
        return action == Action.BLOCK || action == Action.WARN_OVERRIDE;
    }

    /**
     * Moves the file into the quarantine store; empty when it could not be (gone, or the store
     * failed), which is recorded here.
     */
    private Optional<QuarantinedFile> quarantine(FileActivity.FileWritten written, UUID eventId, UUID operationId, String sha256,
            Decision decision, ClassificationSummary summary) {
        Path path = written.path();
        DeviceIdentity device = written.volume().identity();
        try {
            String onVolume = volumePath(written);
            if (onVolume == null) {
                throw new IOException(path + " does not lie under the volume's mount point " + written.volume().mount().mountPoint());
            }
            return Optional.of(parts.quarantine().get().put(path, new FileOrigin(eventId, operationId, device, path.toAbsolutePath(),
                    onVolume, sha256)));
        } catch (NoSuchFileException e) {
            gone(written, operationId, "before it could be quarantined");
        } catch (IOException | RuntimeException e) {
            LOG.error("could not quarantine {}: {}", path, e.getMessage());
            parts.recorder().record(event(EventKind.FILE_WRITTEN, device, written, new FileRef(path.toString(),
                    volumePath(written), 0, sha256), decision, operationId, summary, null));
            parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, device, written, null, null, operationId, null,
                    "could not quarantine " + path + " (" + decision.action() + "): " + e.getMessage()));
            onDecided.accept(new Decided(path, eventId, operationId, decision.action(), written.at(), parts.clock().instant(),
                    sha256));
        }
        return Optional.empty();
    }

    /**
     * The whole file's classification, after a first look already quarantined it: from a copy
     * decrypted into the agent's owner-only scratch folder for the inspection and removed right after.
     */
    private Classification classifyQuarantined(QuarantinedFile stored, Path originalPath) {
        long started = System.nanoTime();
        Path copy = null;
        try {
            copy = parts.quarantine().get().restore(stored.eventId(), parts.scratch().resolve(stored.eventId() + ".inspect"), false);
            Classification whole = parts.inspector().inspect(copy, stored.sha256());
            return whole.forPath(originalPath.toString(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not inspect the whole of quarantined {}: {}", originalPath, e.getMessage());
            return Classification.notInspected(originalPath.toString(), null, InspectionStatus.ERROR,
                    "quarantined on a first look; the whole file could not be inspected: " + e.getMessage(), stored.sha256(),
                    stored.size(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    LOG.warn("could not remove the inspection copy {}: {}", copy, e.getMessage());
                }
            }
        }
    }

    private static String detailFor(Action action, Classification classification) {
        String inspected = classification.status().isComplete() ? "" : " Not fully inspected: " + classification.reason();
        return switch (action) {
            case BLOCK -> "Quarantined: moved off the device into the agent's quarantine store." + inspected;
            case WARN_OVERRIDE -> "Held in quarantine until the employee answers." + inspected;
            default -> inspected.isEmpty() ? null : inspected.strip();
        };
    }

    private void gone(FileActivity.FileWritten written, UUID operationId, String when) {
        boolean mounted = watched.containsKey(written.volume().mount().mountPoint());
        String why = mounted ? "the file was deleted or renamed " + when : "the device was removed " + when;
        LOG.info("{}: {}", written.path(), why);
        parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, written.volume().identity(), written, null, null, operationId,
                null, written.path() + ": " + why + "; nothing left to decide"));
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String volumePath(FileActivity.FileWritten written) {
        Path mountPoint = written.volume().mount().mountPoint();
        if (!written.path().startsWith(mountPoint) || written.path().equals(mountPoint)) {
            return null;
        }
        return mountPoint.relativize(written.path()).toString().replace(java.io.File.separatorChar, '/');
    }

    // ---------------------------------------------------------------- telling the employee

    /** The files of one copy operation with one action, told about once the copy has ended. */
    private record TallyKey(UUID operationId, Action action) {
    }

    private static final class Tally {
        final DeviceIdentity device;
        final Long uid;
        final Map<FindingType, Integer> findings = new LinkedHashMap<>();
        int files;

        Tally(DeviceIdentity device, Long uid) {
            this.device = device;
            this.uid = uid;
        }

        void add(ClassificationSummary summary) {
            files++;
            for (FindingSummary finding : summary.findings()) {
                if (finding.confidence().isAtLeast(Confidence.MEDIUM)) {
                    findings.merge(finding.type(), finding.count(), Integer::sum);
                }
            }
        }
    }

    private final Map<TallyKey, Tally> tallies = new ConcurrentHashMap<>();

    private void tally(UUID operationId, FileActivity.FileWritten written, Action action, ClassificationSummary summary) {
        TallyKey key = new TallyKey(operationId, action);
        boolean first;
        synchronized (tallies) {
            first = !tallies.containsKey(key);
            tallies.computeIfAbsent(key, k -> new Tally(written.volume().identity(), writer(written))).add(summary);
        }
        if (first) {
            holds.schedule(() -> tellCopy(key), operations.gap().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One notice per copy operation and action, when the copy has ended (files still coming: later). */
    private void tellCopy(TallyKey key) {
        if (!operations.ended(key.operationId(), parts.clock().instant())) {
            holds.schedule(() -> tellCopy(key), operations.gap().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Tally tally;
        synchronized (tallies) {
            tally = tallies.remove(key);
        }
        if (tally != null) {
            tell(new Notice.Copy(key.operationId(), tally.device, key.action(), tally.files, tally.findings, tally.uid));
        }
    }

    private static Long writer(FileActivity.FileWritten written) {
        return written.actor() == null ? null : written.actor().uid();
    }

    private void tell(Notice notice) {
        try {
            parts.notifier().tell(notice);
        } catch (RuntimeException e) {
            LOG.warn("could not tell the employee ({}): {}", notice.key(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- holds

    /**
     * A held file waits for the employee's answer to its copy operation: asked once the operation
     * has ended and all its files are decided, in one question for all of them. No answer by the
     * time-out (counted from the first held file) leaves them quarantined, as a block.
     */
    private void hold(UUID operationId, UUID eventId, FileActivity.FileWritten written, ClassificationSummary summary,
            int timeoutSeconds) {
        boolean first;
        synchronized (held) {
            HeldOperation operation = held.computeIfAbsent(operationId, id -> new HeldOperation(timeoutSeconds,
                    parts.clock().instant().plusSeconds(timeoutSeconds), new Tally(written.volume().identity(), writer(written))));
            operation.eventIds.add(eventId);
            String onVolume = volumePath(written);
            operation.files.add(onVolume != null ? onVolume : written.path().toString());
            if (operation.tally != null) {
                operation.tally.add(summary);
            }
            first = operation.eventIds.size() == 1;
            saveHolds();
        }
        if (first) {
            schedule(operationId, Duration.ofSeconds(timeoutSeconds));
            holds.schedule(() -> ask(operationId), operations.gap().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ask(UUID operationId) {
        HeldOperation operation = held.get(operationId);
        if (operation == null || operation.tally == null) {
            return;
        }
        if (!operations.ended(operationId, parts.clock().instant()) || inFlight.containsKey(operationId)) {
            holds.schedule(() -> ask(operationId), 250, TimeUnit.MILLISECONDS); // files still coming or being decided
            return;
        }
        HeldCopy question;
        synchronized (held) {
            question = new HeldCopy(operationId, operation.tally.device, operation.files.stream().sorted().toList(),
                    operation.tally.findings,
                    parts.policy().get().map(Policy::overrideReasons).orElse(List.of()), operation.due, operation.tally.uid);
        }
        try {
            // settled on the guard's own thread: the notifier's is not held up by writing the files back
            parts.notifier().ask(question).whenCompleteAsync((answer, failure) -> answered(operationId, answer != null ? answer
                    : Answer.unanswered(OverrideOutcome.NO_SESSION, "the question failed: " + failure)), holds);
        } catch (RuntimeException e) {
            LOG.warn("could not ask about copy {}: {}", operationId, e.getMessage());
            answered(operationId, Answer.unanswered(OverrideOutcome.NO_SESSION, "the question failed: " + e.getMessage()));
        }
    }

    /** Takes up the holds an earlier run of the agent left waiting (their time-outs run on, or are past). */
    public void resumeHolds() {
        List<HoldJournal.PendingHold> pending;
        try {
            pending = parts.holdJournal().load();
        } catch (RuntimeException e) {
            LOG.error("cannot read the held copies of the last run: {}", e.getMessage());
            return;
        }
        try {
            givingBack.addAll(parts.holdJournal().loadGiveBacks());
        } catch (RuntimeException e) {
            LOG.error("cannot read the files waiting to be written back: {}", e.getMessage());
        }
        for (HoldJournal.PendingHold hold : pending) {
            HeldOperation operation = new HeldOperation(hold.timeoutSeconds(), hold.due(), null);
            operation.eventIds.addAll(hold.eventIds());
            held.put(hold.operationId(), operation);
            schedule(hold.operationId(), Duration.between(parts.clock().instant(), hold.due()));
        }
        if (!pending.isEmpty()) {
            LOG.info("{} held copy operation(s) from the last run are waiting again", pending.size());
        }
    }

    private void schedule(UUID operationId, Duration delay) {
        holds.schedule(() -> timedOut(operationId), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void timedOut(UUID operationId) {
        HeldOperation operation = held.get(operationId);
        if (operation == null) {
            return;
        }
        if (!operations.ended(operationId, parts.clock().instant())) {
            schedule(operationId, operations.gap()); // files still coming: the answer is asked for the whole copy
            return;
        }
        answered(operationId, Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within " + operation.timeoutSeconds + " s"));
    }

    /**
     * The one outcome of a held copy (the first to come: the answer, or the time-out). Recorded
     * before the hold is forgotten: after a crash in between it is recorded twice, never not at all.
     * Continued: the files are written back where they were copied to, if the device is still there.
     */
    private void answered(UUID operationId, Answer answer) {
        HeldOperation operation;
        List<UUID> eventIds;
        synchronized (held) {
            operation = held.get(operationId);
            if (operation == null) {
                return; // already settled
            }
            eventIds = List.copyOf(operation.eventIds);
        }
        int files = eventIds.size();
        boolean continued = answer.outcome() == OverrideOutcome.CONTINUED;
        String detail = answer.detail() + ": " + files + " held file(s) " + (continued ? "go back to the device" : "stay quarantined");
        parts.recorder().record(new Event(EventIds.next(), parts.events().agentId(), parts.clock().instant(),
                EventKind.USER_RESPONSE, parts.events().host(), answer.person(), operation.tally == null ? null
                : operation.tally.device, null, null, null, operationId,
                new UserResponse(answer.outcome(), answer.reasonId(), answer.reasonText(), parts.clock().instant(), files),
                detail));
        if (continued) { // kept before the hold is forgotten: after a crash they are still written back
            givingBack.addAll(eventIds);
            saveGiveBacks();
        }
        synchronized (held) {
            held.remove(operationId);
            saveHolds();
        }
        LOG.info("copy {}: {}", operationId, detail);
        if (continued) {
            for (UUID eventId : eventIds) {
                giveBack(eventId, answer);
            }
            saveGiveBacks();
        }
    }

    /**
     * Writes a held file back to its device after the employee continued; when the device has been
     * removed meanwhile, it waits (in {@code givingBack}, kept across restarts) until it is mounted again.
     */
    private void giveBack(UUID eventId, Answer answer) {
        try {
            Optional<QuarantinedFile> stored = parts.quarantine().get().find(eventId);
            if (stored.isEmpty()) {
                givingBack.remove(eventId); // released or purged meanwhile
                return;
            }
            QuarantinedFile file = stored.get();
            Optional<Path> written = writeBack(file);
            if (written.isEmpty()) {
                LOG.info("{} waits to be written back until device {} is mounted again", file.origin().volumePath(),
                        file.origin().device().shortName());
                return;
            }
            givingBack.remove(eventId);
            released(file, written.get(), "written back: " + answer.person().user() + " continued with the reason '"
                    + answer.reasonId() + "' (event " + eventId + ")");
        } catch (IOException | RuntimeException e) {
            LOG.error("could not write back held file {}: {}", eventId, e.getMessage());
            parts.recorder().record(event(EventKind.ENFORCEMENT_FAILED, null, null, null, null, null, null,
                    "the employee continued, but held file " + eventId + " could not be written back: " + e.getMessage()));
        }
    }

    /** Writes back the continued files whose device this is; they waited because it had been removed. */
    private void giveBackTo(Volume volume) {
        for (UUID eventId : List.copyOf(givingBack)) {
            try {
                Optional<QuarantinedFile> stored = parts.quarantine().get().find(eventId);
                if (stored.isEmpty()) {
                    givingBack.remove(eventId); // released or purged by the console meanwhile
                } else if (sameDevice(stored.get().origin().device(), volume.identity())) {
                    Optional<Path> written = writeBack(stored.get());
                    if (written.isPresent()) {
                        released(stored.get(), written.get(), "written back when the device was mounted again: the employee had"
                                + " continued the copy (event " + eventId + ")");
                        givingBack.remove(eventId);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not write back {} to {}: {}", eventId, volume.mount().mountPoint(), e.getMessage());
            }
        }
        saveGiveBacks();
    }

    private void released(QuarantinedFile file, Path written, String detail) {
        parts.recorder().record(event(EventKind.FILE_RELEASED, file.origin().device(), null, new FileRef(written.toString(),
                file.origin().volumePath(), file.size(), file.sha256()), null, file.origin().operationId(), null, detail));
    }

    private void saveGiveBacks() {
        try {
            parts.holdJournal().saveGiveBacks(List.copyOf(givingBack));
        } catch (RuntimeException e) {
            LOG.error("cannot keep the files waiting to be written back for a restart: {}", e.getMessage());
        }
    }

    /** Called with {@code held} locked. */
    private void saveHolds() {
        List<HoldJournal.PendingHold> pending = new ArrayList<>();
        held.forEach((id, operation) -> pending.add(new HoldJournal.PendingHold(id, operation.eventIds, operation.due,
                operation.timeoutSeconds)));
        try {
            parts.holdJournal().save(pending);
        } catch (RuntimeException e) {
            LOG.error("cannot keep the held copies for a restart: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- release and purge

    /** The mounted, watched volume of this device, if any. */
    public Optional<Volume> mountedVolumeOf(DeviceIdentity device) {
        for (Volume volume : watched.values()) {
            if (sameDevice(volume.identity(), device)) {
                return Optional.of(volume);
            }
        }
        return Optional.empty();
    }

    static boolean sameDevice(DeviceIdentity a, DeviceIdentity b) {
        if (a.serial() != null && b.serial() != null) {
            return a.serial().equals(b.serial()) && java.util.Objects.equals(a.vendorId(), b.vendorId())
                    && java.util.Objects.equals(a.productId(), b.productId());
        }
        return a.fsUuid() != null && a.fsUuid().equals(b.fsUuid());
    }

    /**
     * Writes a quarantined file back where it was copied to, if its device is mounted now (empty if
     * not): the same path, or a new name beside it when a file of that name is there already. The
     * guard knows the write for its own and does not decide it again. The content is checked by the store.
     */
    public Optional<Path> writeBack(QuarantinedFile file) throws IOException {
        Optional<Volume> volume = mountedVolumeOf(file.origin().device());
        if (volume.isEmpty()) {
            return Optional.empty();
        }
        Path mountPoint = volume.get().mount().mountPoint();
        Path target = mountPoint.resolve(file.origin().volumePath()).normalize();
        if (!target.startsWith(mountPoint) || target.equals(mountPoint)) {
            throw new IOException("the recorded path " + file.origin().volumePath() + " does not lie on the device; nothing released");
        }
        Files.createDirectories(target.getParent());
        return Optional.of(restoreTo(file, target));
    }

    /**
     * Restores a quarantined file to {@code target} (or a new name beside it, never overwriting),
     * known to the guard as its own write so that it is not decided again; the path written.
     */
    public Path restoreTo(QuarantinedFile file, Path target) throws IOException {
        expectOwnWrite(target, file.sha256());
        Path written = parts.quarantine().get().restore(file.eventId(), target, true);
        expectOwnWrite(written, file.sha256());
        return written;
    }

    /** Tells the guard that the agent itself is about to write this content there (a release), so it is not decided again. */
    public void expectOwnWrite(Path path, String sha256) {
        releasing.put(path, sha256);
    }

    private Event event(EventKind kind, DeviceIdentity device, FileActivity.FileWritten written, FileRef file, Decision decision,
            UUID operationId, ClassificationSummary summary, String detail) {
        FileRef ref = file;
        if (ref == null && written != null) {
            ref = new FileRef(written.path().toString(), volumePath(written), 0, null);
        }
        return new Event(EventIds.next(), parts.events().agentId(), parts.clock().instant(), kind, parts.events().host(),
                written == null ? null : written.actor(), device, ref, summary, decision, operationId, null,
                detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail);
    }

    /** Waits until every file reported so far is decided, or the time is up; true if none is left. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        deciding.shutdown();
        try {
            if (!deciding.awaitTermination(10, TimeUnit.SECONDS)) {
                deciding.shutdownNow();
            }
        } catch (InterruptedException e) {
            deciding.shutdownNow();
            Thread.currentThread().interrupt();
        }
        holds.shutdownNow();
    }
}

package io.mamori.agent.service;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.AgentVersion;
import io.mamori.agent.commands.CommandRunner;
import io.mamori.agent.requests.DeviceRequester;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.link.Backoff;
import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.copy.RemovableMediaGuard;
import io.mamori.agent.platform.Platform;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.outbox.Outbox;
import io.mamori.agent.patch.PatchReminder;
import io.mamori.agent.patch.PatchStatusCollector;
import io.mamori.agent.policy.PolicyKeeper;
import io.mamori.agent.store.AgentState;
import io.mamori.agent.store.StateKey;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.PendingEnrollment;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.uninstall.RefusedRemovals;
import io.mamori.agent.uninstall.UninstallToken;
import io.mamori.protocol.api.AgentStatus;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.MediaWatch;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.patch.PatchThresholds;
import java.time.Instant;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: opens the operation log, keeps the policy, and runs three loops on their own
 * threads — heartbeats (status in, commands and policy changes out), the outbox (events to the
 * console) and upkeep (checkpoints, capacity, pruning), besides the patch-level measurements,
 * which the heartbeat only reads — watched by a watchdog that stops the
 * process when one round of a loop (one exchange with the console) runs far past any time limit,
 * so the service manager restarts it. {@link #stop()} (also on SIGTERM) records the stop, flushes
 * and closes the log.
 */
public final class AgentService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

    private final AgentConfig config;
    private final Clock clock;
    private final OperationLog log;
    private final EventRecorder recorder;
    private final AgentEvents events;
    private final StateDirectory state;
    private final ConsoleClient console; // null while not enrolled
    private final Outbox outbox; // null while not enrolled: events wait in the log
    private final PendingEnrollment pending; // null once enrolled
    private final Consumer<AgentIdentity> onEnrolled;
    private final PolicyKeeper policy;
    private final CommandRunner commands;
    private final DeviceRequester requests;
    private final MediaParts media;
    private final PatchStatusCollector patch;
    private final RefusedRemovals refusedRemovals;
    /** Refusals handed to the recorder whose records are not deleted yet (upkeep thread only). */
    private final java.util.Set<java.nio.file.Path> reportedRefusals = new java.util.HashSet<>();
    /** The first patch-level measurement waits this long after start (or for the console's command), so starting stays cheap. */
    private static final Duration FIRST_PATCH_MEASUREMENT = Duration.ofSeconds(30);

    private final Backoff heartbeatBackoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), new Random());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long heartbeatRoundStartedNanos;
    private volatile boolean stopping;
    private Thread heartbeatThread;
    private Thread outboxThread;
    private Thread upkeepThread;
    private Thread watchdogThread;

    private AgentService(StateDirectory state, AgentIdentity identity, PendingEnrollment pending, AgentConfig config,
            Optional<Policy> shipped, Clock clock, Consumer<AgentIdentity> onEnrolled) throws IOException {
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.pending = identity == null ? pending : null;
        this.onEnrolled = onEnrolled;
        this.refusedRemovals = new RefusedRemovals(state);
        AgentKey key = AgentKey.loadOrCreate(state);
        this.log = OperationLog.open(state.operationLog(), key, clock, config.checkpointEvery(), config.checkpointInterval());
        if (identity != null) {
            this.console = ConsoleClient.forAgent(identity, config.caFile(), config.requestTimeout());
            this.outbox = new Outbox(log, console, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random()),
                    config.batchSize());
        } else {
            this.console = null;
            this.outbox = null;
        }
        Outbox delivery = outbox;
        this.recorder = new EventRecorder(log, () -> {
            if (delivery != null) {
                delivery.signal();
            }
        });
        this.events = identity != null ? new AgentEvents(identity.agentId(), identity.hostname(), clock)
                : new AgentEvents(pending.agentId(), pending.hostname(), clock);
        this.policy = new PolicyKeeper(state, identity == null ? null : identity.consolePublicKey(), shipped, recorder, events);
        LogStores stores = LogStores.in(log);
        this.media = config.media().enabled() && Platform.supportsMedia() ? MediaParts.make(state, config, log.state(),
                stores.grants(), recorder, events, policy, clock, this::deviceAsked) : null;
        Notifier notifier = media != null ? media.notifier() : new LoggingNotifier(() -> policy.inForce()
                .map(p -> p.notifications()).orElse(java.util.Map.of()));
        this.patch = new PatchStatusCollector(Platform.patchStatusProbe(clock), config.patchInterval(), clock,
                new PatchReminder(() -> policy.inForce().map(p -> p.patch()).orElse(PatchThresholds.none()), notifier,
                        new LastPatchNotice(log.state()), clock));
        this.requests = stores.requests(recorder, events, notifier, clock);
        this.commands = new CommandRunner(stores.results(), stores.grants(), clock, media == null ? null : media.commands(),
                patch::refresh, requests);
    }

    /** Starts the agent: after this returns it records, delivers and heart-beats. */
    public static AgentService start(StateDirectory state, AgentIdentity identity, AgentConfig config, Clock clock)
            throws IOException {
        return start(state, identity, config, Optional.empty(), clock);
    }

    /** Starts an enrolled agent that enforces {@code shipped} until its console's first policy arrives. */
    public static AgentService start(StateDirectory state, AgentIdentity identity, AgentConfig config, Optional<Policy> shipped,
            Clock clock) throws IOException {
        AgentService service = new AgentService(state, identity, null, config, shipped, clock, enrolled -> { });
        service.begin();
        return service;
    }

    /**
     * Starts an agent whose enrollment at install did not succeed: it watches and decides on the
     * shipped policy, records into its operation log under the id it chose, and tries the
     * enrollment again with a growing pause (from {@link EnrollmentRetry#FIRST} up to
     * {@link EnrollmentRetry#LAST}). When one succeeds it hands the new identity to
     * {@code onEnrolled} (on the enrollment thread), which restarts it as an enrolled agent; the
     * events recorded meanwhile are then delivered as that agent's.
     */
    public static AgentService startUnenrolled(StateDirectory state, PendingEnrollment pending, AgentConfig config,
            Optional<Policy> shipped, Clock clock, Consumer<AgentIdentity> onEnrolled) throws IOException {
        AgentService service = new AgentService(state, null, pending, config, shipped, clock, onEnrolled);
        service.begin();
        return service;
    }

    /** Whether this agent is waiting for its enrollment (running on the shipped policy). */
    public boolean enrolled() {
        return pending == null;
    }

    private void begin() {
        log.movedAside().ifPresent(aside -> recorder.record(events.of(EventKind.LOG_INTEGRITY,
                "the operation log was damaged; it was kept as " + aside.getFileName() + " and a new log started")));
        policy.load();
        recorder.record(events.of(EventKind.AGENT_STARTED, "agent " + AgentVersion.current() + " started"
                + (pending == null ? "" : "; not enrolled yet (" + pending.consoleUrl() + "): "
                + (policy.onShippedPolicy() ? "enforcing the shipped policy" : "no shipped policy, auditing only"))));
        if (pending == null) {
            heartbeatThread = daemon("mamori-heartbeat", this::heartbeatLoop);
            outboxThread = daemon("mamori-outbox", outbox::run);
        } else {
            heartbeatThread = daemon("mamori-enrollment", () -> new EnrollmentRetry(state, config, clock, policy::onShippedPolicy,
                    onEnrolled).run(pending, this::sleep, started -> heartbeatRoundStartedNanos = started));
            outboxThread = daemon("mamori-outbox", () -> { });
        }
        upkeepThread = daemon("mamori-upkeep", this::upkeepLoop);
        watchdogThread = daemon("mamori-watchdog", this::watchdogLoop);
        if (media != null) {
            media.start(clock);
        }
        patch.start(FIRST_PATCH_MEASUREMENT);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public EventRecorder recorder() {
        return recorder;
    }

    public AgentEvents events() {
        return events;
    }

    public OperationLog log() {
        return log;
    }

    public PolicyKeeper policy() {
        return policy;
    }

    /** A person asked for a device in the window offered with its notice: recorded, and sent at the next heartbeat. */
    private void deviceAsked(io.mamori.protocol.device.DeviceIdentity device, io.mamori.agent.notify.RequestOffer.Asked asked) {
        try {
            requests.request(device, asked.user(), asked.uid(), asked.hours(), asked.reasonId(), asked.reasonText());
        } catch (SQLException e) {
            LOG.error("the request of {} for {} could not be kept: {}", asked.user(), device.shortName(), e.getMessage());
        }
    }

    /** The employees' device requests: made at the desktop, sent with the heartbeats, answered by the console. */
    public DeviceRequester deviceRequests() {
        return requests;
    }

    /** The removable-media guard; empty when the agent does not watch removable media. */
    public Optional<RemovableMediaGuard> mediaGuard() {
        return Optional.ofNullable(media).map(MediaParts::guard);
    }

    /** The last patch-level measurement; empty before the first has finished. */
    public Optional<PatchStatus> patchStatus() {
        return patch.latest();
    }

    /** How removable media are watched, for the heartbeat. */
    private MediaWatch mediaWatch() {
        if (media != null) {
            return media.watch();
        }
        return new MediaWatch(MediaWatch.Mode.OFF, config.media().enabled()
                ? "this build cannot watch removable media on " + System.getProperty("os.name") : "media.enabled is false");
    }

    /** The background indexer's progress; empty when it does not run. */
    public Optional<io.mamori.agent.index.BackgroundIndexer.Progress> indexing() {
        return Optional.ofNullable(media).flatMap(MediaParts::indexing);
    }

    // ---------------------------------------------------------------- loops

    private void heartbeatLoop() {
        Duration interval = Duration.ofSeconds(60);
        boolean first = true;
        while (!stopping) {
            heartbeatRoundStartedNanos = System.nanoTime();
            Duration wait;
            try {
                PatchStatus patchStatus = patch.undelivered();
                MediaWatch watching = mediaWatch();
                boolean mediaDegraded = media != null && watching.mode() != MediaWatch.Mode.NATIVE
                        && watching.mode() != MediaWatch.Mode.PORTABLE;
                HeartbeatResponse answer = console.heartbeat(new Heartbeat(clock.instant(),
                        recorder.degraded() || mediaDegraded ? AgentStatus.DEGRADED : AgentStatus.RUNNING, AgentVersion.current(),
                        Platform.osDescription(), policy.version(),
                        log.unsentCount(), log.droppedTotal() + recorder.lost(), patchStatus, watching));
                patch.delivered(patchStatus);
                heartbeatBackoff.reset();
                outbox.consoleReachable();
                interval = Duration.ofSeconds(Math.max(5, answer.nextHeartbeatSeconds()));
                ConsoleContact.reached(log.state(), clock.instant());
                keepUninstallHash(answer.uninstallTokenSha256());
                commands.run(answer.commands() == null ? java.util.List.of() : answer.commands(), console);
                requests.deliver(console);
                if (first || answer.policyVersion() != policy.version()) {
                    policy.refresh(console);
                    ConsoleContact.policyInForce(log.state(), policy.version());
                }
                if (media != null) {
                    // an exception granted or revoked by the commands above, or a new policy, applies to sticks already in
                    media.guard().decideDevicesAgain();
                }
                first = false;
                // ±10 % so a fleet started together does not stay in step
                wait = Duration.ofMillis((long) (interval.toMillis() * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble())));
            } catch (ConsoleException e) {
                wait = heartbeatBackoff.next(e.retryAfter());
                if (wait.compareTo(interval) > 0) {
                    wait = interval;
                }
                LOG.warn("heartbeat failed ({}); next attempt in {} s", e.getMessage(), wait.toSeconds());
                ConsoleContact.unreachable(log.state(), e.getMessage());
            } catch (SQLException e) {
                LOG.error("heartbeat: the operation log failed: {}", e.getMessage());
                wait = Duration.ofSeconds(5);
            } catch (RuntimeException e) {
                LOG.error("heartbeat failed unexpectedly", e);
                wait = heartbeatBackoff.next(null);
            }
            heartbeatRoundStartedNanos = 0;
            if (sleep(wait)) {
                return;
            }
        }
    }

    private void upkeepLoop() {
        checkLogFile();
        long lastPrune = 0;
        while (!stopping) {
            recorder.flush();
            try {
                log.checkpoint();
                int dropped = log.enforceCapacity(config.outboxMaxEvents(), config.outboxMaxAge());
                if (dropped > 0) {
                    recorder.record(events.of(EventKind.EVENTS_DROPPED, dropped + " audit-only events older than "
                            + config.outboxMaxAge().toDays() + " days were not sent: the outbox was over its capacity of "
                            + config.outboxMaxEvents() + " events"));
                }
                reportRefusedRemovals();
                if (System.nanoTime() - lastPrune > TimeUnit.MINUTES.toNanos(10)) {
                    log.prune(config.retention(), config.maxLogBytes());
                    lastPrune = System.nanoTime();
                }
            } catch (SQLException e) {
                LOG.warn("upkeep of the operation log failed: {}", e.getMessage());
            }
            // held events are retried soon; otherwise there is little to do between checkpoints
            if (sleep(recorder.held() > 0 ? Duration.ofSeconds(2) : Duration.ofSeconds(30))) {
                return;
            }
        }
    }

    /**
     * The console's uninstall token for this agent (its own, else its group's) replaces the one the
     * installer gave; when the console has none it sends none, and the one kept stays.
     */
    private void keepUninstallHash(String sha256) {
        if (sha256 == null) {
            return;
        }
        try {
            if (UninstallToken.keep(state, sha256)) {
                LOG.info("removal now needs the console's uninstall token (SHA-256 {}…)", sha256.substring(0, 12));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot keep the console's uninstall token hash in {}: {}", state.uninstallTokenHash(), e.getMessage());
        }
    }

    /**
     * Removals refused by the package's scripts (uninstall-check) become ENFORCEMENT_FAILED events
     * whose detail starts "removal refused:" — EventKind is closed within protocol version 1 — and
     * their records are deleted once the operation log holds the event.
     */
    private void reportRefusedRemovals() {
        try {
            for (RefusedRemovals.Refusal refusal : refusedRemovals.pending()) {
                if (!reportedRefusals.contains(refusal.file())) {
                    if (!recorder.flush()) {
                        return; // the log takes no writes: the records wait on disk for a later round
                    }
                    recorder.record(events.at(refusal.at(), EventKind.ENFORCEMENT_FAILED, "removal refused: "
                            + refusal.reason() + (refusal.account() == null ? "" : " (account " + refusal.account() + ")")));
                    reportedRefusals.add(refusal.file());
                }
                if (recorder.held() == 0) { // in the log, not only held in memory: the record can go
                    refusedRemovals.delete(refusal);
                    reportedRefusals.remove(refusal.file());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read or delete the refused removals in {}: {}", state.refusedRemovals(), e.getMessage());
        }
    }

    /** SQLite's check of every page, once per start, beside the writer (see OperationLog#check). */
    private void checkLogFile() {
        try {
            OperationLog.check(log.file().path()).ifPresent(problem -> {
                LOG.error("the operation log failed SQLite's check ({}); it is moved aside and a new log started when the agent"
                        + " next starts", problem);
                recorder.record(events.of(EventKind.LOG_INTEGRITY, "the operation log failed SQLite's check (" + problem
                        + "); it is moved aside and a new log started at the next start"));
            });
        } catch (IOException e) {
            LOG.warn("could not check the operation log: {}", e.getMessage());
        }
    }

    private void watchdogLoop() {
        long limit = config.stallAfter().toNanos();
        while (!stopping) {
            if (sleep(Duration.ofSeconds(30))) {
                return;
            }
            long now = System.nanoTime();
            long heartbeatRound = heartbeatRoundStartedNanos;
            long outboxRound = outbox == null ? 0 : outbox.roundStartedNanos();
            String stalled = heartbeatRound != 0 && now - heartbeatRound > limit ? "heartbeat"
                    : outboxRound != 0 && now - outboxRound > limit ? "outbox" : null;
            if (stalled != null && !stopping) {
                LOG.error("the {} loop has made no progress for over {} s; stopping so the service manager restarts the agent",
                        stalled, config.stallAfter().toSeconds());
                Runtime.getRuntime().halt(70);
            }
        }
    }

    /** When the employee was last told the machine is behind on patches, kept in the operation log's file. */
    private record LastPatchNotice(AgentState state) implements PatchReminder.LastTold {
        private static final StateKey<Instant> TOLD_AT = StateKey.instant("patch_notice_told_at");

        @Override
        public Optional<Instant> get() {
            try {
                return state.get(TOLD_AT);
            } catch (SQLException e) {
                LOG.warn("cannot read when the patch notice was last told: {}", e.getMessage());
                return Optional.empty();
            }
        }

        @Override
        public void set(Instant when) {
            try {
                state.put(TOLD_AT, when);
            } catch (SQLException e) {
                LOG.warn("cannot note when the patch notice was told: {}", e.getMessage());
            }
        }
    }

    /** Stops the loops, records the stop, tries to deliver what is left for a moment, closes the log. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        stopped.countDown();
        outboxThread.interrupt();
        patch.close();
        join(heartbeatThread, upkeepThread, outboxThread, watchdogThread);
        if (media != null) {
            media.close();
        }
        recorder.record(events.of(EventKind.AGENT_STOPPED, "agent stopped"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (outbox != null && System.nanoTime() < deadline && log.unsentCount() > 0) {
                if (!outbox.sendOnce().isZero()) {
                    break;
                }
            }
        } catch (SQLException | InterruptedException e) {
            LOG.debug("last delivery attempt: {}", e.getMessage());
        }
        log.close();
        LOG.info("agent stopped; the operation log is closed");
    }

    private static void join(Thread... threads) {
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Sleeps; true if the agent is stopping. */
    private boolean sleep(Duration wait) {
        try {
            return stopped.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS) || stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

}

package io.mamori.agent.service;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.commands.FileCommands;
import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.index.BackgroundIndexer;
import io.mamori.agent.index.FileIndex;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.store.AgentState;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.NoticeThrottle;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.policy.PolicyInspector;
import io.mamori.agent.copy.DeviceAsks;
import io.mamori.agent.copy.RemovableMediaGuard;
import io.mamori.agent.copy.StoredHolds;
import io.mamori.agent.platform.Platform;
import io.mamori.agent.policy.ExceptionGrants;
import io.mamori.agent.policy.PolicyKeeper;
import io.mamori.agent.quarantine.NativeCrypto;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.state.StateDirectory;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.agent.state.PeopleKey;
import io.mamori.classifier.inspect.CachingInspector;
import io.mamori.classifier.inspect.InspectorConfig;
import io.mamori.classifier.inspect.MemoryResultCache;
import io.mamori.classifier.inspect.ResultCache;
import io.mamori.classifier.inspect.WorkerPool;
import io.mamori.protocol.api.MediaWatch;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.secrets.PrivateFiles;
import io.mamori.protocol.signing.VerifiedPolicy;
import io.mamori.classifier.Classification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The removable-media side of the running agent, wired together: inspector (isolated workers with
 * a result cache), quarantine store, guard, the platform's mount monitor, file watcher and
 * enforcer, and the release/purge commands.
 */
final class MediaParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaParts.class);
    /** Workers stay up this long after their last file, so a copy soon after the last one does not wait for a JVM to start. */
    private static final Duration WORKER_IDLE_STOP = Duration.ofMinutes(10);

    private final AgentConfig config;
    private final EventRecorder recorder;
    private final AgentEvents events;
    private final PolicyInspector inspector;
    private final RemovableMediaGuard guard;
    private final ResultCache cache;
    private final BackgroundIndexer indexer;
    private final Notifier notifier;
    private final WatchState watch = new WatchState();
    private MediaMonitor monitor;
    private FileActivity activity;

    private MediaParts(AgentConfig config, EventRecorder recorder, AgentEvents events, PolicyInspector inspector,
            RemovableMediaGuard guard, ResultCache cache, BackgroundIndexer indexer, Notifier notifier) {
        this.notifier = notifier;
        this.cache = cache;
        this.indexer = indexer;
        this.config = config;
        this.recorder = recorder;
        this.events = events;
        this.inspector = inspector;
        this.guard = guard;
    }

    static MediaParts make(StateDirectory state, AgentConfig config, AgentState agentState, ExceptionGrants exceptions,
            EventRecorder recorder, AgentEvents events, PolicyKeeper policy, Clock clock, DeviceAsks asks) throws IOException {
        InspectorConfig workers = InspectorConfig.defaults().withWorkers(config.media().inspectionWorkers())
                .withIdleStop(WORKER_IDLE_STOP);
        // What is needed only once there is a file to decide is opened then: an idle agent stays small.
        boolean indexing = config.indexer().enabled() && !config.indexer().roots().isEmpty();
        ResultCache cache = indexing ? resultCache(state) : new LazyCache(() -> resultCache(state));
        PolicyInspector inspector = new PolicyInspector(() -> policy.inForce(),
                ClassifierConfig.defaults().withPeopleKey(PeopleKey.loadOrCreate(state)), classifier -> {
                    NativeCrypto.preferForSha256(); // files are hashed here (client compiler only): OpenSSL is ten times faster
                    return new CachingInspector(new WorkerPool(classifier, workers), cache, classifier);
                });
        Supplier<QuarantineStore> quarantine = new Once<>(() -> {
            try {
                return QuarantineStore.open(state.quarantine(), clock);
            } catch (IOException e) {
                throw new UncheckedIOException("the quarantine store cannot be opened: " + e.getMessage(), e);
            }
        });
        Supplier<java.util.Map<String, io.mamori.protocol.policy.LocalizedText>> texts = () -> policy.inForce()
                .map(p -> p.notifications()).orElse(java.util.Map.of());
        java.nio.file.Path sockets = config.media().desktopSocketDir() != null ? config.media().desktopSocketDir()
                : "root".equals(System.getProperty("user.name")) ? Platform.desktopSocketDir()
                : state.root().resolve("desktop");
        Notifier notifier = config.media().desktop()
                ? new DeferredNotifier(new Once<>(() -> Platform.notifier(texts, sockets, clock))) // an idle agent stays small
                : new LoggingNotifier(texts);
        java.util.concurrent.atomic.AtomicReference<BackgroundIndexer> indexed = new java.util.concurrent.atomic.AtomicReference<>();
        RemovableMediaGuard guard = RemovableMediaGuard.builder()
                .recording(events, recorder, clock)
                .deciding(() -> policy.inForce(), exceptions::inForce)
                .inspecting(inspector, quarantine, scratch(state), config.media().inspectionWorkers())
                .enforcing(config.media().watcher() == AgentConfig.Watcher.PORTABLE ? Platform.portableEnforcer()
                        : Platform.enforcer())
                .releasing(Platform.personalFolders())
                .employee(new NoticeThrottle(notifier, clock, 10), new StoredHolds(agentState),
                        stopped -> indexed.get() == null ? java.util.Map.of() : indexed.get().countByOwner(stopped))
                .operationGap(config.media().operationGap())
                .requesting(asks)
                .build();
        BackgroundIndexer indexer = indexing && cache instanceof FileIndex index
                ? new BackgroundIndexer(config.indexer(), inspector::current, index,
                        guard::onRemovableVolume)
                : null;
        indexed.set(indexer);
        return new MediaParts(config, recorder, events, inspector, guard, cache, indexer, notifier);
    }

    /** The owner-only folder for a quarantined file's inspection copy, emptied of what a crash left. */
    private static java.nio.file.Path scratch(StateDirectory state) throws IOException {
        java.nio.file.Path scratch = PrivateFiles.directory(state.root().resolve("inspecting"));
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(scratch)) {
            for (java.nio.file.Path file : left.toList()) {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
        return scratch;
    }

    /** The desktop notifier, made when there is first something to tell or ask. */
    private record DeferredNotifier(Once<Notifier> made) implements Notifier, AutoCloseable {
        @Override
        public void tell(io.mamori.agent.notify.Notice notice) {
            made.get().tell(notice);
        }

        @Override
        public java.util.concurrent.CompletionStage<io.mamori.agent.notify.Answer> ask(io.mamori.agent.notify.HeldCopy question) {
            return made.get().ask(question);
        }

        @Override
        public java.util.concurrent.CompletionStage<java.util.Optional<io.mamori.agent.notify.RequestOffer.Asked>> offerRequest(
                io.mamori.agent.notify.RequestOffer offer) {
            return made.get().offerRequest(offer);
        }

        @Override
        public void close() throws Exception {
            if (made.ifMade() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Made on first use, then kept; a failure is thrown to that use and tried again on the next. */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> make;
        private T value;

        Once(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = make.get();
            }
            return value;
        }

        synchronized T ifMade() {
            return value;
        }
    }

    /** The result cache, opened when the first file is inspected. */
    private static final class LazyCache implements ResultCache {
        private final Once<ResultCache> cache;

        LazyCache(Supplier<ResultCache> open) {
            this.cache = new Once<>(open);
        }

        @Override
        public Classification get(String configuration, String sha256) {
            return cache.get().get(configuration, sha256);
        }

        @Override
        public void put(String configuration, String sha256, Classification result) {
            cache.get().put(configuration, sha256, result);
        }

        @Override
        public String knownHash(String path, long size, long modifiedMillis) {
            return cache.get().knownHash(path, size, modifiedMillis);
        }

        @Override
        public void rememberHash(String path, long size, long modifiedMillis, String sha256) {
            cache.get().rememberHash(path, size, modifiedMillis, sha256);
        }

        void close() {
            if (cache.ifMade() instanceof FileIndex index) {
                index.close();
            }
        }
    }

    /** The persistent index of classifications, or (if even a new one cannot be made) a cache in memory. */
    private static ResultCache resultCache(StateDirectory state) {
        try {
            FileIndex index = FileIndex.open(state.fileIndex());
            index.movedAside().ifPresent(aside -> LOG.warn("the file index was damaged; kept as {} and a new one started",
                    aside.getFileName()));
            return index;
        } catch (IOException e) {
            LOG.error("cannot open the file index {} ({}); classifications are kept in memory only", state.fileIndex(),
                    e.getMessage());
            return new MemoryResultCache(20_000);
        }
    }

    /**
     * Starts watching: the file watcher first, so that a volume already mounted is watched from the
     * start. With {@code media.watcher: native}, the OS's own watcher and monitor are tried first;
     * one that cannot start is replaced by the portable one, and the agent says so (an
     * {@code ENFORCEMENT_FAILED} event and its heartbeat's {@code mediaWatch}).
     */
    void start(Clock clock) {
        guard.resumeHolds();
        boolean nativeFirst = config.media().watcher() == AgentConfig.Watcher.NATIVE && Platform.nativeMedia();
        activity = startWatcher("files written on removable media",
                nativeFirst ? () -> Platform.fileActivity(guard.files(), clock, why -> {
                    // the OS's own watcher handed over to the portable one
                    watch.degraded("files written on removable media: " + why);
                    recorder.record(events.of(EventKind.ENFORCEMENT_FAILED, why));
                }) : null,
                () -> Platform.portableFileActivity(guard.files(), clock));
        if (activity != null) {
            guard.attach(activity);
        }
        monitor = startWatcher("removable media", nativeFirst ? () -> {
            MediaMonitor made = Platform.mediaMonitor(config.media().simulatedUsb(), config.media().pollInterval(),
                    why -> {
                        // the OS's own monitor handed over to the portable one while starting
                        watch.degraded("removable media: " + why);
                        recorder.record(events.of(EventKind.ENFORCEMENT_FAILED, why));
                    }, volume -> {
                        if (activity != null) {
                            activity.unwatch(volume); // Windows removes a volume only once every handle on it is closed
                        }
                    }, guard::refuseMount);
            return started(made);
        } : null, () -> {
            MediaMonitor made = Platform.portableMediaMonitor(config.media().simulatedUsb(), config.media().pollInterval());
            return started(made);
        });
        if (activity == null || monitor == null) {
            watch.off((activity == null ? "files written on removable media" : "removable media") + " cannot be watched");
        } else if (!nativeFirst) {
            watch.portable(Platform.nativeMedia() ? "media.watcher is portable"
                    : "this build has no removable-media adapters of its own for " + System.getProperty("os.name"));
        }
        if (indexer != null) {
            indexer.start();
        }
    }

    private MediaMonitor started(MediaMonitor made) throws IOException {
        try {
            made.start(guard.devices());
            return made;
        } catch (IOException | RuntimeException e) {
            made.close();
            throw e;
        }
    }

    /** The native part if it starts, else the portable one (recorded as degraded), else null (recorded as failed). */
    private <T> T startWatcher(String what, FallingBack.Starter<T> nativePart, FallingBack.Starter<T> portable) {
        return FallingBack.start(what, nativePart, portable, watch,
                why -> recorder.record(events.of(EventKind.ENFORCEMENT_FAILED, why)));
    }

    /** How removable media are watched, for the heartbeat. */
    MediaWatch watch() {
        return watch.now();
    }

    /** The background indexer's progress, when it runs. */
    java.util.Optional<BackgroundIndexer.Progress> indexing() {
        return java.util.Optional.ofNullable(indexer).map(BackgroundIndexer::progress);
    }

    RemovableMediaGuard guard() {
        return guard;
    }

    /** The notifier of the people at this machine (unthrottled: each caller limits its own notices). */
    Notifier notifier() {
        return notifier;
    }

    FileCommands commands() {
        return guard.commands();
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        if (activity != null) {
            activity.close();
        }
        if (indexer != null) {
            indexer.close();
        }
        guard.close();
        if (notifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the notifier: {}", e.getMessage());
            }
        }
        inspector.close();
        if (cache instanceof FileIndex index) {
            index.close();
        } else if (cache instanceof LazyCache lazy) {
            lazy.close();
        }
    }
}

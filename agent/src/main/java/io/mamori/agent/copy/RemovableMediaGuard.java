package io.mamori.agent.copy;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.commands.FileCommands;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.MediaMonitor;
import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.quarantine.PersonalFolders;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's guard of copies to removable media: the steps of this package wired together, in the
 * order of the data flow (docs/architecture.md, "The agent: one written file"). The platform's
 * monitor reports volumes to {@link #devices()} ({@link DeviceDecisions}), its file watcher reports
 * files to {@link #files()} ({@link CopyDispatcher} → {@link FileDecisions}); held copies, notices,
 * quarantine and write-back are steps of their own. This class only builds them and hands out what
 * the rest of the agent needs.
 */
public final class RemovableMediaGuard implements AutoCloseable {

    private final CopyThreads threads;
    private final MountedVolumes volumes;
    private final WriteBack writeBack;
    private final HeldCopies held;
    private final GiveBacks giveBacks;
    private final FileDecisions decisions;
    private final CopyDispatcher dispatcher;
    private final DeviceDecisions devices;
    private final QuarantineCommands commands;

    private RemovableMediaGuard(Builder parts) {
        CopyEvents events = new CopyEvents(parts.agentEvents, parts.recorder, parts.clock);
        CopyPolicy policy = new CopyPolicy(parts.policy, parts.exceptions, parts.clock);
        CopyOperations operations = new CopyOperations(parts.operationGap);
        this.threads = new CopyThreads(parts.threads);
        this.volumes = new MountedVolumes();
        this.writeBack = new WriteBack(volumes, parts.quarantine);
        this.giveBacks = new GiveBacks(parts.quarantine, writeBack, events, parts.holdJournal);
        this.held = new HeldCopies(events, policy, operations, parts.notifier, parts.holdJournal, giveBacks, threads);
        CopyNotices notices = new CopyNotices(parts.notifier, policy, parts.preCopy, operations, threads, parts.asks);
        QuarantineStep quarantine = new QuarantineStep(parts.quarantine, parts.inspector, parts.scratch, events, volumes);
        FirstLook firstLook = new FirstLook(parts.inspector, quarantine, events, volumes);
        this.decisions = new FileDecisions(policy, parts.inspector, firstLook, quarantine, writeBack, held, notices, events, volumes);
        this.dispatcher = new CopyDispatcher(operations, decisions, threads, parts.inspector, events);
        this.devices = new DeviceDecisions(policy, parts.enforcer, volumes, operations, notices, events, threads, dispatcher::warmUp,
                volume -> {
                    if (giveBacks.anyWaiting()) {
                        threads.soon(() -> giveBacks.to(volume));
                    }
                });
        this.commands = new QuarantineCommands(parts.quarantine, writeBack, parts.personalFolders, policy, parts.scratch, events,
                parts.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * For an OS that asks before it mounts (macOS): whether policy denies this device, so that the
     * mount is refused; the refusal is recorded and the employee told.
     */
    public boolean refuseMount(io.mamori.protocol.device.DeviceIdentity device) {
        return devices.refuseMount(device);
    }

    /**
     * Decides every mounted device again, soon, on the guard's own thread: after a heartbeat that
     * may have brought a new policy or granted or revoked an exception (the guard itself decides
     * again when a device exception expires). A changed decision is carried out while the device
     * stays mounted, and the employee is told.
     */
    public void decideDevicesAgain() {
        devices.decideAgainSoon();
    }

    /** Where the platform's media monitor reports volumes mounted, remounted and gone. */
    public MediaMonitor.Listener devices() {
        return devices;
    }

    /** Where the platform's file watcher reports files written and closed. */
    public FileActivity.Listener files() {
        return dispatcher;
    }

    /** Connects the file watcher (made after the guard, with {@link #files()} as its listener). */
    public void attach(FileActivity fileActivity) {
        devices.attach(fileActivity);
    }

    /** Takes up the held copies, and the continued files waiting for their device, that an earlier run left. */
    public void resumeHolds() {
        held.resume();
        giveBacks.resume();
    }

    /** Release and purge of quarantined files, on the console's command. */
    public FileCommands commands() {
        return commands;
    }

    /** Called after each file is decided and its decision carried out. */
    public void onDecided(Consumer<Decided> listener) {
        decisions.onDecided(listener);
    }

    /** Files written and not yet decided. */
    public int pending() {
        return dispatcher.pending();
    }

    /** Waits until every file reported so far is decided, or the time is up; true if none is left. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        return dispatcher.awaitIdle(limit);
    }

    /** True for a path on a removable volume mounted now, whatever was decided for it (the indexer skips those). */
    public boolean onRemovableVolume(Path path) {
        return volumes.onRemovableVolume(path);
    }

    /** The removable volumes being watched now. */
    public List<Volume> watchedVolumes() {
        return volumes.watchedVolumes();
    }

    /** The mounted, watched volume of this device, if any. */
    public Optional<Volume> mountedVolumeOf(io.mamori.protocol.device.DeviceIdentity device) {
        return volumes.of(device);
    }

    /** Tells the guard that the agent itself is about to write this content there, so it is not decided again. */
    public void expectOwnWrite(Path path, String sha256) {
        writeBack.expectOwnWrite(path, sha256);
    }

    @Override
    public void close() {
        threads.close();
    }

    /**
     * What the guard is made of, in groups: how it records, what it decides by, how it inspects and
     * quarantines, how it enforces on devices, and how it reaches the employee.
     */
    public static final class Builder {
        private AgentEvents agentEvents;
        private EventRecorder recorder;
        private Clock clock;
        private Supplier<Optional<Policy>> policy;
        private Function<Instant, List<ExceptionGrant>> exceptions;
        private Inspector inspector;
        private Supplier<QuarantineStore> quarantine;
        private Path scratch;
        private int threads;
        private Enforcer enforcer;
        private Notifier notifier;
        private HoldJournal holdJournal;
        private PreCopyCount preCopy = PreCopyCount.NONE;
        private Duration operationGap = CopyOperations.DEFAULT_GAP;
        private PersonalFolders personalFolders = PersonalFolders.NONE;
        private DeviceAsks asks = DeviceAsks.NONE;

        private Builder() {
        }

        /** The agent's events and the operation log they go to. */
        public Builder recording(AgentEvents agentEvents, EventRecorder recorder, Clock clock) {
            this.agentEvents = agentEvents;
            this.recorder = recorder;
            this.clock = clock;
            return this;
        }

        /** The policy in force (empty before the first) and the exceptions granted at a given time. */
        public Builder deciding(Supplier<Optional<Policy>> policy, Function<Instant, List<ExceptionGrant>> exceptions) {
            this.policy = policy;
            this.exceptions = exceptions;
            return this;
        }

        /**
         * @param scratch the owner-only folder for a quarantined file's inspection copy
         * @param threads how many files are decided at once (one per inspection worker)
         */
        public Builder inspecting(Inspector inspector, Supplier<QuarantineStore> quarantine, Path scratch, int threads) {
            this.inspector = inspector;
            this.quarantine = quarantine;
            this.scratch = scratch;
            this.threads = threads;
            return this;
        }

        /** Device-level enforcement (read-only, deny): the platform's. */
        public Builder enforcing(Enforcer enforcer) {
            this.enforcer = enforcer;
            return this;
        }

        /** How the employee is told and asked, where held copies are kept, and what the indexer knows before a copy. */
        public Builder employee(Notifier notifier, HoldJournal holdJournal, PreCopyCount preCopy) {
            this.notifier = notifier;
            this.holdJournal = holdJournal;
            this.preCopy = preCopy;
            return this;
        }

        /** Where a person's request to use a restricted device goes (issue 23; nowhere unless set). */
        public Builder requesting(DeviceAsks deviceAsks) {
            this.asks = deviceAsks;
            return this;
        }

        /** How a file released into the employee's home is written as them (the platform's; none unless set). */
        public Builder releasing(PersonalFolders personalFolders) {
            this.personalFolders = personalFolders;
            return this;
        }

        /** The pause that ends a copy operation ({@link CopyOperations#DEFAULT_GAP} unless set). */
        public Builder operationGap(Duration gap) {
            this.operationGap = gap;
            return this;
        }

        public RemovableMediaGuard build() {
            Objects.requireNonNull(agentEvents, "recording(…): the agent's events");
            Objects.requireNonNull(recorder, "recording(…): the event recorder");
            Objects.requireNonNull(clock, "recording(…): the clock");
            Objects.requireNonNull(policy, "deciding(…): the policy");
            Objects.requireNonNull(exceptions, "deciding(…): the exceptions");
            Objects.requireNonNull(inspector, "inspecting(…): the inspector");
            Objects.requireNonNull(quarantine, "inspecting(…): the quarantine store");
            Objects.requireNonNull(scratch, "inspecting(…): the scratch folder");
            Objects.requireNonNull(enforcer, "enforcing(…): the enforcer");
            Objects.requireNonNull(notifier, "employee(…): the notifier");
            Objects.requireNonNull(holdJournal, "employee(…): the hold journal");
            Objects.requireNonNull(preCopy, "employee(…): the pre-copy count");
            if (threads < 1) {
                throw new IllegalArgumentException("inspecting(…): at least one thread decides files, not " + threads);
            }
            return new RemovableMediaGuard(this);
        }
    }
}

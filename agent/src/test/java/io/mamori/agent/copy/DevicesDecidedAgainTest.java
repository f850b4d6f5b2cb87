package io.mamori.agent.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.log.LogRecord;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.Await;
import io.mamori.agent.testing.RecordingNotifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.InProcessInspector;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.ExceptionScope;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stick that stays in while what decided it changes (issue 23): an exception granted, revoked or
 * expired, a new policy. On plain directories standing in for mounted sticks, with an enforcer that
 * records what it is asked; the real remounts are tested as root in RemovableMediaTest.
 */
class DevicesDecidedAgainTest {

    private static final String READ_ONLY_UNLESS_APPROVED = """
            {"format": 1, "name": "test", "version": %d, "issuedAt": "2026-12-08T00:00:00Z",
             "defaultFileAction": "AUDIT",
             "rules": [{"id": "read-only-unapproved", "scope": "DEVICE", "action": "%s", "when": {"approvedDevice": false}}],
             "uninspectable": {"action": "AUDIT"}}
            """;

    @TempDir
    Path dir;

    private OperationLog log;
    private RemovableMediaGuard guard;
    private final AtomicReference<Policy> policy = new AtomicReference<>(policy(1, Action.READ_ONLY));
    private final List<ExceptionGrant> grants = new CopyOnWriteArrayList<>();
    private final List<String> enforced = new CopyOnWriteArrayList<>();
    private final List<String> watching = new CopyOnWriteArrayList<>();
    private volatile boolean readOnlyFails;
    private volatile boolean writableFails;
    private final RecordingNotifier notifier = new RecordingNotifier();

    private static Policy policy(int version, Action deviceAction) {
        return ProtocolJson.read(READ_ONLY_UNLESS_APPROVED.formatted(version, deviceAction), Policy.class);
    }

    @BeforeEach
    void start() throws IOException {
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        log = OperationLog.open(state.operationLog(), AgentKey.loadOrCreate(state), Clock.systemUTC(), 1000, Duration.ofMinutes(10));
        QuarantineStore quarantine = QuarantineStore.open(state.quarantine(), Clock.systemUTC());
        Enforcer enforcer = new Enforcer() {
            @Override
            public void readOnly(Volume volume) throws IOException {
                enforce("read-only", readOnlyFails);
            }

            @Override
            public void writable(Volume volume) throws IOException {
                enforce("writable", writableFails);
            }

            @Override
            public void deny(Volume volume) throws IOException {
                enforce("deny", false);
            }

            private void enforce(String what, boolean fails) throws IOException {
                if (fails) {
                    throw new IOException("mount: " + what + " refused");
                }
                enforced.add(what);
            }
        };
        guard = RemovableMediaGuard.builder()
                .recording(new AgentEvents(AgentId.random(), "pc-1", Clock.systemUTC()), new EventRecorder(log, () -> { }),
                        Clock.systemUTC())
                .deciding(() -> Optional.of(policy.get()), now -> grants.stream().filter(g -> g.isActiveAt(now)).toList())
                .inspecting(new InProcessInspector(ClassifierConfig.defaults()), () -> quarantine,
                        Files.createDirectories(dir.resolve("scratch")), 1)
                .enforcing(enforcer)
                .employee(notifier, new MemoryHoldJournal(), PreCopyCount.NONE)
                .build();
        guard.attach(new FileActivity() {
            @Override
            public void watch(Volume volume) {
                watching.add(volume.identity().serial());
            }

            @Override
            public void unwatch(Volume volume) {
                watching.remove(volume.identity().serial());
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void stop() {
        guard.close();
        log.close();
    }

    private Volume stick() throws IOException {
        Path mountPoint = Files.createDirectories(dir.resolve("media/USB"));
        return new Volume(new Mount(41, "8:17", mountPoint, List.of("rw"), "exfat", "/dev/sdb1"),
                new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-1", "SanDisk", "Cruzer", null, "USB", 8_000_000));
    }

    private static ExceptionGrant grant(String id, Instant until) {
        return new ExceptionGrant(id, ExceptionScope.DEVICE, new DeviceMatcher("0781", "5583", "SN-1", null), null, until,
                "発表資料の持ち出し", "reviewer");
    }

    private List<Event> events(EventKind kind) throws Exception {
        List<Event> found = new ArrayList<>();
        for (LogRecord record : log.unsent(10_000)) {
            Event event = ProtocolJson.read(record.document(), Event.class);
            if (event.kind() == kind) {
                found.add(event);
            }
        }
        return found;
    }

    private List<Notice.DeviceChanged> changes() {
        return notifier.told.stream().filter(Notice.DeviceChanged.class::isInstance).map(Notice.DeviceChanged.class::cast).toList();
    }

    /** Decides again on the test's thread, as the guard's devices thread does after a heartbeat. */
    private void decideAgain() {
        ((DeviceDecisions) guard.devices()).decideAgain();
    }

    /** A journal of holds kept in memory: no held copies here. */
    private static final class MemoryHoldJournal implements HoldJournal {
        private List<HoldJournal.PendingHold> holds = List.of();
        private List<java.util.UUID> giveBacks = List.of();

        @Override
        public List<HoldJournal.PendingHold> load() {
            return holds;
        }

        @Override
        public void save(List<HoldJournal.PendingHold> pending) {
            holds = List.copyOf(pending);
        }

        @Override
        public List<java.util.UUID> loadGiveBacks() {
            return giveBacks;
        }

        @Override
        public void saveGiveBacks(List<java.util.UUID> eventIds) {
            giveBacks = List.copyOf(eventIds);
        }
    }

    @Test
    void aReadOnlyStickBecomesWritableWhenAnExceptionIsGrantedAndReadOnlyAgainWhenItExpiresWhileItStaysIn() throws Exception {
        Volume stick = stick();
        guard.devices().mounted(stick);
        assertThat(enforced).containsExactly("read-only");
        assertThat(watching).as("a read-only stick takes no files").isEmpty();

        Instant until = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        grants.add(grant("grant-1", until));
        decideAgain();
        assertThat(enforced).containsExactly("read-only", "writable");
        assertThat(watching).as("watched from now on").containsExactly("SN-1");
        assertThat(guard.mountedVolumeOf(stick.identity())).as("continued files may go back to it").isPresent();
        Await.until("the employee is told", Duration.ofSeconds(5), () -> changes().size() == 1);
        assertThat(changes().get(0)).isEqualTo(new Notice.DeviceChanged(stick.identity(), Action.ALLOW, until));
        assertThat(changes().get(0).key()).isEqualTo("device.changed.writable-until");

        // nothing asks: the guard itself decides again once the exception is over
        Await.until("read-only again after the exception ended", Duration.ofSeconds(10), () -> enforced.size() == 3);
        assertThat(Instant.now()).isAfter(until);
        assertThat(enforced).containsExactly("read-only", "writable", "read-only");
        assertThat(watching).isEmpty();
        assertThat(guard.mountedVolumeOf(stick.identity())).isEmpty();
        Await.until("the employee is told again", Duration.ofSeconds(5), () -> changes().size() == 2);
        assertThat(changes().get(1).key()).isEqualTo("device.changed.read-only");

        List<Event> mounts = events(EventKind.DEVICE_MOUNTED);
        assertThat(mounts).extracting(e -> e.decision().action()).containsExactly(Action.READ_ONLY, Action.ALLOW, Action.READ_ONLY);
        assertThat(mounts.get(1).detail()).endsWith("decided again while mounted: exception grant-1 is in force");
        assertThat(mounts.get(1).decision().exceptionId()).isEqualTo("grant-1");
        assertThat(mounts.get(2).detail()).endsWith("decided again while mounted: exception grant-1 ended (expired or revoked)");
    }

    @Test
    void aRevokedExceptionMakesTheStickReadOnlyAtTheNextDecisionAndAnUnchangedOneDoesNothing() throws Exception {
        Volume stick = stick();
        guard.devices().mounted(stick);
        grants.add(grant("grant-2", Instant.now().plus(Duration.ofDays(1))));
        decideAgain();
        decideAgain(); // still granted: nothing to do, nothing recorded
        assertThat(enforced).containsExactly("read-only", "writable");
        assertThat(events(EventKind.DEVICE_MOUNTED)).hasSize(2);

        grants.clear();
        decideAgain();
        assertThat(enforced).containsExactly("read-only", "writable", "read-only");
        assertThat(watching).isEmpty();
    }

    @Test
    void aStickThatCannotBeMadeWritableStaysReadOnlyIsRecordedOnceAndIsTriedAgain() throws Exception {
        Volume stick = stick();
        guard.devices().mounted(stick);
        writableFails = true;
        grants.add(grant("grant-3", Instant.now().plus(Duration.ofDays(1))));
        for (int i = 0; i < 3; i++) {
            decideAgain(); // three heartbeats
        }
        List<Event> failures = events(EventKind.ENFORCEMENT_FAILED);
        assertThat(failures).as("once per mount, not once per heartbeat").hasSize(1);
        assertThat(failures.get(0).detail()).contains("could not make").contains("writable refused").endsWith("it stays read-only");
        assertThat(watching).isEmpty();
        assertThat(changes()).as("not told it is writable: it is not").isEmpty();
        assertThat(events(EventKind.DEVICE_MOUNTED)).hasSize(1);

        writableFails = false;
        decideAgain();
        assertThat(watching).containsExactly("SN-1");
        Await.until("told", Duration.ofSeconds(5), () -> changes().size() == 1);
    }

    @Test
    void aNewPolicyIsCarriedOutOnSticksAlreadyIn() throws Exception {
        Volume stick = stick();
        guard.devices().mounted(stick);
        policy.set(policy(2, Action.AUDIT));
        guard.decideDevicesAgain(); // as after a heartbeat: on the guard's own thread
        Await.until("writable under the new policy", Duration.ofSeconds(10), () -> watching.contains("SN-1"));
        assertThat(enforced).containsExactly("read-only", "writable");
        Await.until("told", Duration.ofSeconds(5), () -> changes().size() == 1);
        assertThat(changes().get(0).key()).isEqualTo("device.changed.writable");
        assertThat(events(EventKind.DEVICE_MOUNTED).get(1).detail()).endsWith("decided again while mounted: policy version 2");

        policy.set(policy(3, Action.DENY));
        decideAgain();
        assertThat(enforced).containsExactly("read-only", "writable", "deny");
        Await.until("told", Duration.ofSeconds(5), () -> changes().size() == 2);
        assertThat(changes().get(1).urgent()).isTrue();
    }

    @Test
    void aStickStoppedFileByFileIsNoLongerStoppedOnceGranted() throws Exception {
        readOnlyFails = true;
        Volume stick = stick();
        guard.devices().mounted(stick);
        assertThat(watching).as("what could not be stopped at the device is watched").containsExactly("SN-1");
        assertThat(guard.mountedVolumeOf(stick.identity())).as("every file is quarantined: nothing goes back to it").isEmpty();

        grants.add(grant("grant-4", Instant.now().plus(Duration.ofDays(1))));
        guard.decideDevicesAgain();
        Await.until("no longer stopped file by file", Duration.ofSeconds(10),
                () -> guard.mountedVolumeOf(stick.identity()).isPresent());
        assertThat(events(EventKind.ENFORCEMENT_FAILED)).as("only the read-only that failed at mount").hasSize(1);
        assertThat(watching).containsExactly("SN-1");
    }
}

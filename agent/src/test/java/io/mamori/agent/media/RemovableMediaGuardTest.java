package io.mamori.agent.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.log.LogRecord;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.demo.SyntheticData;
import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.InProcessInspector;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's decisions and what it does about them, on plain directories standing in for mounted
 * sticks (the real mounts, watchers and enforcement are tested as root in RemovableMediaTest).
 */
class RemovableMediaGuardTest {

    private static final String POLICY = """
            {"format": 1, "name": "test", "version": 7, "issuedAt": "2026-11-23T00:00:00Z",
             "defaultFileAction": "AUDIT",
             "rules": [
               {"id": "block-my-number", "scope": "FILE", "action": "BLOCK",
                "when": {"findings": [{"types": ["JP_MY_NUMBER"], "minConfidence": "HIGH"}], "approvedDevice": false}},
               {"id": "hold-marker", "scope": "FILE", "action": "WARN_OVERRIDE",
                "when": {"findings": [{"types": ["CONFIDENTIAL_MARKER"], "minConfidence": "MEDIUM"}], "approvedDevice": false}},
               {"id": "read-only-sd", "scope": "DEVICE", "action": "READ_ONLY", "when": {"deviceClasses": ["SD_CARD"]}},
               {"id": "deny-optical", "scope": "DEVICE", "action": "DENY", "when": {"deviceClasses": ["OPTICAL"]}}
             ],
             "deviceAllowList": [{"vendorId": "0781", "productId": "5583", "serial": "APPROVED-1"}],
             "uninspectable": {"action": "AUDIT"},
             "overrideReasons": [{"id": "business", "label": {"ja": "業務上必要", "en": "Required for my work"}}],
             "overrideTimeoutSeconds": 10}
            """;
    private static final Actor TANAKA = new Actor("tanaka", 1001L, 4242L, "/usr/bin/cp");

    @TempDir
    Path dir;

    private OperationLog log;
    private QuarantineStore quarantine;
    private RemovableMediaGuard guard;
    private final List<String> enforced = new CopyOnWriteArrayList<>();
    private final List<RemovableMediaGuard.Decided> decided = new CopyOnWriteArrayList<>();
    private final List<String> watching = new CopyOnWriteArrayList<>();
    private boolean enforcerFails;
    private final List<io.mamori.agent.notify.Notice> told = new CopyOnWriteArrayList<>();
    private final List<HoldJournal.PendingHold> journalled = new CopyOnWriteArrayList<>();
    private final HoldJournal journal = new HoldJournal() {
        @Override
        public List<HoldJournal.PendingHold> load() {
            return List.copyOf(journalled);
        }

        @Override
        public void save(List<HoldJournal.PendingHold> holds) {
            journalled.clear();
            journalled.addAll(holds);
        }
    };

    private void start(Inspector inspector) throws IOException {
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        log = OperationLog.open(state.operationLog(), AgentKey.loadOrCreate(state), Clock.systemUTC(), 1000, Duration.ofMinutes(10));
        quarantine = QuarantineStore.open(state.quarantine(), Clock.systemUTC());
        Policy policy = ProtocolJson.read(POLICY, Policy.class);
        Enforcer enforcer = new Enforcer() {
            @Override
            public void readOnly(Volume volume) throws IOException {
                enforce("read-only " + volume.identity().serial());
            }

            @Override
            public void deny(Volume volume) throws IOException {
                enforce("deny " + volume.identity().serial());
            }

            private void enforce(String what) throws IOException {
                if (enforcerFails) {
                    throw new IOException("mount: permission denied");
                }
                enforced.add(what);
            }
        };
        guard = new RemovableMediaGuard(new RemovableMediaGuard.Parts(new AgentEvents(AgentId.random(), "pc-1", Clock.systemUTC()),
                new EventRecorder(log, () -> { }), () -> Optional.of(policy), now -> List.of(), inspector, () -> quarantine, enforcer,
                Clock.systemUTC(), Duration.ofSeconds(1), 2, Files.createDirectories(dir.resolve("scratch")), journal, told::add));
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
        guard.onDecided(decided::add);
    }

    @BeforeEach
    void startWithTheRealClassifier() throws IOException {
        start(new InProcessInspector(ClassifierConfig.defaults()));
    }

    @AfterEach
    void stop() {
        guard.close();
        log.close();
    }

    private Volume stick(String name, DeviceClass deviceClass, String serial) throws IOException {
        Path mountPoint = Files.createDirectories(dir.resolve("media").resolve(name));
        return new Volume(new Mount(name.hashCode(), "7:" + name.length(), mountPoint, List.of("rw"), "ext4", "/dev/loop9"),
                new DeviceIdentity(deviceClass, "0781", "5583", serial, "SanDisk", "Cruzer", null, name, 8_000_000));
    }

    private void written(Volume volume, Path file) {
        guard.written(new FileActivity.FileWritten(file, volume, TANAKA, Instant.now()));
    }

    private List<Event> events(EventKind kind) throws Exception {
        List<Event> found = new ArrayList<>();
        for (LogRecord record : log.unsent(100_000)) {
            Event event = ProtocolJson.read(record.document(), Event.class);
            if (event.kind() == kind) {
                found.add(event);
            }
        }
        return found;
    }

    @Test
    void aCleanFileStaysAndPersonalDataIsQuarantinedOffTheStick() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        assertThat(watching).containsExactly("SN-1");
        Path clean = Files.writeString(stick.mount().mountPoint().resolve("議事録.txt"), SyntheticData.minutes());
        Path roster = Files.writeString(stick.mount().mountPoint().resolve("名簿.csv"), SyntheticData.roster(20, 1));
        byte[] rosterBytes = Files.readAllBytes(roster);

        written(stick, clean);
        written(stick, roster);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).extracting(RemovableMediaGuard.Decided::action).containsExactlyInAnyOrder(Action.AUDIT, Action.BLOCK);
        assertThat(clean).exists();
        assertThat(roster).doesNotExist();
        RemovableMediaGuard.Decided blocked = decided.stream().filter(d -> d.action() == Action.BLOCK).findFirst().orElseThrow();
        assertThat(quarantine.find(blocked.eventId())).isPresent();
        List<Event> files = events(EventKind.FILE_WRITTEN);
        assertThat(files).hasSize(2);
        Event event = files.stream().filter(e -> e.decision().action() == Action.BLOCK).findFirst().orElseThrow();
        assertThat(event.eventId()).isEqualTo(blocked.eventId());
        assertThat(event.file().volumePath()).isEqualTo("名簿.csv");
        assertThat(event.file().sha256()).isEqualTo(sha256(rosterBytes));
        assertThat(event.decision().matchedRuleIds()).containsExactly("block-my-number");
        assertThat(event.classification().findings()).anySatisfy(f -> assertThat(f.type().id()).isEqualTo("JP_MY_NUMBER"));
        assertThat(event.classification().findings()).filteredOn(f -> f.type().id().equals("JP_MY_NUMBER"))
                .allSatisfy(f -> assertThat(f.samples()).as("only masked samples leave the classifier")
                        .isNotEmpty().allMatch(sample -> sample.contains("*")));
        assertThat(event.actor()).isEqualTo(TANAKA);
        assertThat(event.device().serial()).isEqualTo("SN-1");
        assertThat(files).extracting(Event::operationId).as("one copy operation").containsOnly(files.get(0).operationId());
    }

    @Test
    void aLargeFileIsQuarantinedOnAFirstLookAndRecordedWithWhatTheWholeFileHolds() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        String roster = SyntheticData.roster(60_000, 9); // ~2.4 MB, far past the first look's 256 K characters
        Path file = Files.writeString(stick.mount().mountPoint().resolve("全社員.csv"), roster);
        assertThat(Files.size(file)).isGreaterThan(RemovableMediaGuard.FIRST_LOOK_ABOVE_BYTES);
        String hash = sha256(Files.readAllBytes(file));

        written(stick, file);
        assertThat(guard.awaitIdle(Duration.ofSeconds(120))).isTrue();

        assertThat(decided).singleElement().satisfies(d -> assertThat(d.action()).isEqualTo(Action.BLOCK));
        assertThat(file).doesNotExist();
        Event event = events(EventKind.FILE_WRITTEN).get(0);
        assertThat(event.file().sha256()).isEqualTo(hash);
        assertThat(event.classification().status()).as("the whole file was inspected for the record").isEqualTo(
                io.mamori.protocol.finding.InspectionStatus.OK);
        assertThat(event.classification().count(Set.of(FindingType.of("JP_MY_NUMBER")), Confidence.HIGH))
                .as("every row, not just the first look's").isEqualTo(60_000);
        try (var left = Files.list(dir.resolve("scratch"))) {
            assertThat(left).as("the inspection copy is removed").isEmpty();
        }
    }

    @Test
    void theEmployeeIsToldOnceAboutTheStickAndOnceAboutACopyOfManyBlockedFiles() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        for (int i = 0; i < 4; i++) {
            written(stick, Files.writeString(stick.mount().mountPoint().resolve("名簿" + i + ".csv"), SyntheticData.roster(5, 40 + i)));
        }
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (told.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1500); // nothing more comes for the same copy

        assertThat(told).hasSize(2);
        assertThat(told.get(0)).isInstanceOfSatisfying(io.mamori.agent.notify.Notice.DeviceMounted.class,
                n -> assertThat(n.key()).isEqualTo("device.mounted.unapproved"));
        assertThat(told.get(1)).isInstanceOfSatisfying(io.mamori.agent.notify.Notice.Copy.class, copy -> {
            assertThat(copy.action()).isEqualTo(Action.BLOCK);
            assertThat(copy.files()).isEqualTo(4);
            assertThat(copy.findings()).containsEntry(FindingType.of("JP_MY_NUMBER"), 20);
        });
    }

    @Test
    void anApprovedStickTakesTheSameFileAndTheSameWriteReportedTwiceIsDecidedOnce() throws Exception {
        Volume approved = stick("APPROVED", DeviceClass.USB_STORAGE, "APPROVED-1");
        guard.mounted(approved);
        Path roster = Files.writeString(approved.mount().mountPoint().resolve("名簿.csv"), SyntheticData.roster(5, 2));

        written(approved, roster);
        written(approved, roster);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).hasSize(1);
        assertThat(decided.get(0).action()).isEqualTo(Action.AUDIT);
        assertThat(roster).exists();
        assertThat(events(EventKind.DEVICE_MOUNTED).get(0).decision().deviceApproved()).isTrue();
    }

    @Test
    void devicePolicyMakesSticksReadOnlyOrUnmountsThemAndAFailureIsRecordedAndTheStickWatched() throws Exception {
        guard.mounted(stick("SD", DeviceClass.SD_CARD, "SD-1"));
        guard.mounted(stick("DVD", DeviceClass.OPTICAL, "DVD-1"));
        assertThat(enforced).containsExactly("read-only SD-1", "deny DVD-1");
        assertThat(watching).isEmpty();

        enforcerFails = true;
        guard.mounted(stick("SD2", DeviceClass.SD_CARD, "SD-2"));
        assertThat(events(EventKind.ENFORCEMENT_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("read-only").contains("permission denied"));
        assertThat(watching).as("what cannot be stopped is watched").containsExactly("SD-2");
        assertThat(events(EventKind.DEVICE_MOUNTED)).extracting(e -> e.decision().action())
                .containsExactly(Action.READ_ONLY, Action.DENY, Action.READ_ONLY);
    }

    @Test
    void aFileDeletedWhileItIsInspectedIsRecordedAndTheGuardGoesOn() throws Exception {
        guard.close();
        log.close();
        InProcessInspector real = new InProcessInspector(ClassifierConfig.defaults());
        start(new DeletingInspector(real, file -> {
            if (file.getFileName().toString().startsWith("vanishing")) {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        Path vanishing = Files.writeString(stick.mount().mountPoint().resolve("vanishing.csv"), SyntheticData.roster(5, 3));
        Path staying = Files.writeString(stick.mount().mountPoint().resolve("staying.csv"), SyntheticData.roster(5, 4));
        Path neverThere = stick.mount().mountPoint().resolve("never-there.txt");

        written(stick, vanishing);
        written(stick, neverThere);
        written(stick, staying);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        List<Event> failed = events(EventKind.ENFORCEMENT_FAILED);
        assertThat(failed).extracting(e -> e.file().path()).containsExactlyInAnyOrder(vanishing.toString(), neverThere.toString());
        assertThat(failed).allSatisfy(e -> assertThat(e.detail()).contains("deleted or renamed"));
        assertThat(decided).singleElement().satisfies(d -> assertThat(d.path()).isEqualTo(staying));
        assertThat(staying).as("quarantined").doesNotExist();
    }

    @Test
    void aHeldCopyIsQuarantinedAtOnceAndWithoutAnAnswerStaysQuarantinedAsABlock() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        Path memo = Files.writeString(stick.mount().mountPoint().resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        Path memo2 = Files.writeString(stick.mount().mountPoint().resolve("経営会議2.txt"), SyntheticData.confidentialMemo() + "追記\n");

        written(stick, memo);
        written(stick, memo2);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).extracting(RemovableMediaGuard.Decided::action).containsOnly(Action.WARN_OVERRIDE).hasSize(2);
        assertThat(memo).doesNotExist();
        assertThat(events(EventKind.USER_RESPONSE)).as("still waiting for the answer").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events(EventKind.USER_RESPONSE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Event response = events(EventKind.USER_RESPONSE).stream().findFirst().orElseThrow(() -> new AssertionError("no time-out"));
        assertThat(response.response().outcome()).isEqualTo(OverrideOutcome.TIMED_OUT);
        assertThat(response.response().fileCount()).isEqualTo(2);
        assertThat(response.operationId()).isEqualTo(decided.get(0).operationId());
        assertThat(quarantine.find(decided.get(0).eventId())).isPresent();
    }

    @Test
    void aHoldOutlivesARestartOfTheAgentAndStillEndsInATimeOut() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        Path memo = Files.writeString(stick.mount().mountPoint().resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        written(stick, memo);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(journalled).singleElement().satisfies(h -> assertThat(h.eventIds()).containsExactly(decided.get(0).eventId()));

        // the agent stops before the answer's time is up, and starts again with the same log
        guard.close();
        log.close();
        start(new InProcessInspector(ClassifierConfig.defaults()));
        guard.resumeHolds();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events(EventKind.USER_RESPONSE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Event response = events(EventKind.USER_RESPONSE).stream().findFirst()
                .orElseThrow(() -> new AssertionError("the hold was forgotten across the restart"));
        assertThat(response.operationId()).isEqualTo(decided.get(0).operationId());
        assertThat(response.response().fileCount()).isEqualTo(1);
        assertThat(journalled).as("resolved holds are forgotten").isEmpty();
    }

    @Test
    void theAgentsOwnReleaseIsNotDecidedAgain() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        Path roster = Files.writeString(stick.mount().mountPoint().resolve("名簿.csv"), SyntheticData.roster(5, 5));
        guard.expectOwnWrite(roster, sha256(Files.readAllBytes(roster)));

        written(stick, roster);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).isEmpty();
        assertThat(roster).exists();
        assertThat(events(EventKind.FILE_WRITTEN)).isEmpty();
    }

    @Test
    void unmountingStopsWatchingAndIsRecorded() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.mounted(stick);
        guard.unmounted(stick);
        assertThat(watching).isEmpty();
        assertThat(events(EventKind.DEVICE_UNMOUNTED)).hasSize(1);
        assertThat(guard.mountedVolumeOf(stick.identity())).isEmpty();
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Runs an action on the file first (deleting it, say), then inspects what is left. */
    private record DeletingInspector(Inspector delegate, Consumer<Path> before) implements Inspector {
        @Override
        public Classification inspect(Path file) {
            before.accept(file);
            return delegate.inspect(file);
        }

        @Override
        public Classification inspect(Path file, String knownSha256) {
            before.accept(file);
            return delegate.inspect(file, knownSha256);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

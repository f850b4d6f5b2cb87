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
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.testing.RecordingNotifier;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.UUID;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.agent.testing.Await;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Answer;
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
               {"id": "warn-mail", "scope": "FILE", "action": "WARN",
                "when": {"findings": [{"types": ["EMAIL"], "minConfidence": "MEDIUM"}], "approvedDevice": false}},
               {"id": "read-only-sd", "scope": "DEVICE", "action": "READ_ONLY", "when": {"deviceClasses": ["SD_CARD"]}},
               {"id": "deny-optical", "scope": "DEVICE", "action": "DENY", "when": {"deviceClasses": ["OPTICAL"]}}
             ],
             "deviceAllowList": [{"vendorId": "0781", "productId": "5583", "serial": "APPROVED-1"}],
             "uninspectable": {"action": "AUDIT"},
             "overrideReasons": [{"id": "business", "label": {"ja": "業務上必要", "en": "Required for my work"}}],
             "overrideTimeoutSeconds": 10,
             "releaseFolders": ["Desktop"]}
            """;
    private static final Actor TANAKA = new Actor("tanaka", 1001L, 4242L, "/usr/bin/cp");

    @TempDir
    Path dir;

    private OperationLog log;
    private QuarantineStore quarantine;
    private RemovableMediaGuard guard;
    private final List<String> enforced = new CopyOnWriteArrayList<>();
    private final List<Decided> decided = new CopyOnWriteArrayList<>();
    private final List<String> watching = new CopyOnWriteArrayList<>();
    private boolean enforcerFails;
    private final RecordingNotifier notifier = new RecordingNotifier();
    private volatile PreCopyCount preCopy = PreCopyCount.NONE;
    private final List<io.mamori.agent.notify.Notice> told = notifier.told;
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

        @Override
        public List<UUID> loadGiveBacks() {
            return List.copyOf(givingBack);
        }

        @Override
        public void saveGiveBacks(List<UUID> eventIds) {
            givingBack.clear();
            givingBack.addAll(eventIds);
        }
    };
    private final List<UUID> givingBack = new CopyOnWriteArrayList<>();
    private final List<String> releasedAs = new CopyOnWriteArrayList<>();

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
            public void writable(Volume volume) throws IOException {
                enforce("writable " + volume.identity().serial());
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
        guard = RemovableMediaGuard.builder()
                .recording(new AgentEvents(AgentId.random(), "pc-1", Clock.systemUTC()), new EventRecorder(log, () -> { }),
                        Clock.systemUTC())
                .deciding(() -> Optional.of(policy), now -> List.of())
                .inspecting(inspector, () -> quarantine, Files.createDirectories(dir.resolve("scratch")), 2)
                .enforcing(enforcer)
                .employee(notifier, journal, stopped -> preCopy.byOwner(stopped))
                .releasing((person, folder, fileName, content) -> {
                    Path written = Files.createDirectories(dir.resolve("home").resolve(folder)).resolve(fileName);
                    Files.copy(content, written);
                    releasedAs.add(person + " " + folder + "/" + fileName);
                    return written;
                })
                .operationGap(Duration.ofSeconds(1))
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
        guard.files().written(new FileActivity.FileWritten(file, volume, TANAKA, Instant.now()));
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
    void aReleaseIntoTheEmployeesHomeIsWrittenAsThemAndOnlyWhereThePolicyAllows() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Path roster = Files.writeString(stick.mount().mountPoint().resolve("名簿.csv"), SyntheticData.roster(20, 1));
        String sha256 = sha256(Files.readAllBytes(roster));
        written(stick, roster);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();
        UUID eventId = decided.get(0).eventId();

        var notAllowed = guard.commands().release(new io.mamori.protocol.command.ReleaseFile(UUID.randomUUID(), Instant.now(),
                eventId, sha256, "Downloads")).orElseThrow();
        assertThat(notAllowed.outcome()).isEqualTo(io.mamori.protocol.command.CommandOutcome.FAILED);
        assertThat(notAllowed.detail()).contains("releaseFolders: Desktop");
        assertThat(releasedAs).isEmpty();
        assertThat(quarantine.find(eventId)).as("kept for another decision").isPresent();

        var released = guard.commands().release(new io.mamori.protocol.command.ReleaseFile(UUID.randomUUID(), Instant.now(),
                eventId, sha256, "Desktop/戻したファイル")).orElseThrow();
        assertThat(released.outcome()).as(released.detail()).isEqualTo(io.mamori.protocol.command.CommandOutcome.DONE);
        assertThat(releasedAs).as("written as the employee who copied it").singleElement().asString()
                .contains("user=tanaka", "uid=1001").endsWith(" Desktop/戻したファイル/名簿.csv");
        assertThat(Files.readAllBytes(dir.resolve("home/Desktop/戻したファイル/名簿.csv"))).isEqualTo(
                SyntheticData.roster(20, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(quarantine.find(eventId)).as("released: the store copy is gone").isEmpty();
        assertThat(events(EventKind.FILE_RELEASED)).hasSize(1);
        try (var scratch = Files.list(dir.resolve("scratch"))) {
            assertThat(scratch).as("no decrypted copy is left behind").isEmpty();
        }
    }

    @Test
    void aCleanFileStaysAndPersonalDataIsQuarantinedOffTheStick() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        assertThat(watching).containsExactly("SN-1");
        Path clean = Files.writeString(stick.mount().mountPoint().resolve("議事録.txt"), SyntheticData.minutes());
        Path roster = Files.writeString(stick.mount().mountPoint().resolve("名簿.csv"), SyntheticData.roster(20, 1));
        byte[] rosterBytes = Files.readAllBytes(roster);

        written(stick, clean);
        written(stick, roster);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).extracting(Decided::action).containsExactlyInAnyOrder(Action.AUDIT, Action.BLOCK);
        assertThat(clean).exists();
        assertThat(roster).doesNotExist();
        Decided blocked = decided.stream().filter(d -> d.action() == Action.BLOCK).findFirst().orElseThrow();
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
        guard.devices().mounted(stick);
        String roster = SyntheticData.roster(60_000, 9); // ~2.4 MB, far past the first look's 256 K characters
        Path file = Files.writeString(stick.mount().mountPoint().resolve("全社員.csv"), roster);
        assertThat(Files.size(file)).isGreaterThan(FirstLook.ABOVE_BYTES);
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
        guard.devices().mounted(stick);
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
    void warnedFilesStayOnTheStickAndTheWriterIsToldOnceForTheCopy() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Path list = Files.writeString(stick.mount().mountPoint().resolve("連絡先.txt"),
                "営業部の連絡先\nsato@example.co.jp\nsuzuki@example.co.jp\ntakahashi@example.co.jp\n");
        written(stick, list);
        written(stick, Files.writeString(stick.mount().mountPoint().resolve("連絡先2.txt"),
                "担当者一覧\nito@example.co.jp\nwatanabe@example.co.jp\nyamamoto@example.co.jp\n"));
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();
        Await.until("the copy is told about", Duration.ofSeconds(10), () -> told.size() >= 2);
        Thread.sleep(1500); // nothing more comes for the same copy

        assertThat(decided).extracting(Decided::action).containsOnly(Action.WARN);
        assertThat(list).as("a warning leaves the file").exists();
        assertThat(told).hasSize(2);
        assertThat(told.get(1)).isInstanceOfSatisfying(Notice.Copy.class, copy -> {
            assertThat(copy.key()).isEqualTo("copy.warned");
            assertThat(copy.files()).isEqualTo(2);
            assertThat(copy.uid()).as("the writer is told").isEqualTo(1001L);
            assertThat(copy.findings()).containsKey(FindingType.EMAIL);
        });
        assertThat(notifier.asked).as("nothing to answer").isEmpty();
    }

    @Test
    void anApprovedStickTakesTheSameFileAndTheSameWriteReportedTwiceIsDecidedOnce() throws Exception {
        Volume approved = stick("APPROVED", DeviceClass.USB_STORAGE, "APPROVED-1");
        guard.devices().mounted(approved);
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
        guard.devices().mounted(stick("SD", DeviceClass.SD_CARD, "SD-1"));
        guard.devices().mounted(stick("DVD", DeviceClass.OPTICAL, "DVD-1"));
        assertThat(enforced).containsExactly("read-only SD-1", "deny DVD-1");
        assertThat(watching).isEmpty();

        enforcerFails = true;
        guard.devices().mounted(stick("SD2", DeviceClass.SD_CARD, "SD-2"));
        assertThat(events(EventKind.ENFORCEMENT_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("read-only").contains("permission denied"));
        assertThat(watching).as("what cannot be stopped is watched").containsExactly("SD-2");
        assertThat(events(EventKind.DEVICE_MOUNTED)).extracting(e -> e.decision().action())
                .containsExactly(Action.READ_ONLY, Action.DENY, Action.READ_ONLY);
    }

    @Test
    void aDeviceStoppedOnlyPerFileHasEveryFileQuarantinedAndTakesNoReleaseBack() throws Exception {
        enforcerFails = true;
        Volume sd = stick("SD", DeviceClass.SD_CARD, "SD-9");
        guard.devices().mounted(sd);
        assertThat(watching).containsExactly("SD-9");
        Path clean = Files.writeString(sd.mount().mountPoint().resolve("minutes.txt"), "第3回 定例会議 議事録\n");
        written(sd, clean);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(clean).as("a clean file on a read-only device is taken off it all the same").doesNotExist();
        assertThat(events(EventKind.FILE_WRITTEN)).singleElement().satisfies(e -> {
            assertThat(e.decision().action()).isEqualTo(Action.BLOCK);
            assertThat(e.decision().matchedRuleIds()).containsExactly("read-only-sd");
            assertThat(e.detail()).contains("READ_ONLY by policy");
        });
        assertThat(guard.mountedVolumeOf(sd.identity())).as("no release goes back onto it").isEmpty();
    }

    @Test
    void aMountTheOsAsksAboutFirstIsRefusedOnlyForADeniedDeviceAndTheRefusalIsRecorded() throws Exception {
        assertThat(guard.refuseMount(stick("DVD", DeviceClass.OPTICAL, "DVD-7").identity())).isTrue();
        assertThat(guard.refuseMount(stick("SD", DeviceClass.SD_CARD, "SD-7").identity())).as("read-only is not refused").isFalse();
        assertThat(guard.refuseMount(stick("USB", DeviceClass.USB_STORAGE, "USB-7").identity())).isFalse();
        assertThat(events(EventKind.DEVICE_MOUNTED)).singleElement().satisfies(e -> {
            assertThat(e.decision().action()).isEqualTo(Action.DENY);
            assertThat(e.device().serial()).isEqualTo("DVD-7");
            assertThat(e.detail()).contains("refused before it was mounted");
        });
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
        guard.devices().mounted(stick);
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
        notifier.answerWith(question -> new CompletableFuture<>()); // the window is up, nobody answers
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Path memo = Files.writeString(stick.mount().mountPoint().resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        Path memo2 = Files.writeString(stick.mount().mountPoint().resolve("経営会議2.txt"), SyntheticData.confidentialMemo() + "追記\n");

        written(stick, memo);
        written(stick, memo2);
        assertThat(guard.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(decided).extracting(Decided::action).containsOnly(Action.WARN_OVERRIDE).hasSize(2);
        assertThat(memo).doesNotExist();
        assertThat(events(EventKind.USER_RESPONSE)).as("still waiting for the answer").isEmpty();
        Event response = awaitResponse();
        assertThat(response.response().outcome()).isEqualTo(OverrideOutcome.TIMED_OUT);
        assertThat(response.response().fileCount()).isEqualTo(2);
        assertThat(response.operationId()).isEqualTo(decided.get(0).operationId());
        assertThat(quarantine.find(decided.get(0).eventId())).isPresent();
        assertThat(notifier.asked).as("one question for the copy").singleElement()
                .satisfies(q -> assertThat(q.files()).containsExactlyInAnyOrder("経営会議.txt", "経営会議2.txt"));
        assertThat(told).as("the question is the notice of a held copy").noneMatch(n -> n instanceof Notice.Copy);
    }

    @Test
    void aHeldCopyOfManyFilesIsOneQuestionAndContinuingWritesThemBackWithTheReasonOnRecord() throws Exception {
        Actor answering = new Actor("tanaka", 1001L, 777L, "mamori-dialog");
        notifier.answerWith(question -> CompletableFuture.completedFuture(new Answer(OverrideOutcome.CONTINUED, "business",
                "見積書を顧客に届けるため", answering, "tanaka continued the copy")));
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Map<Path, byte[]> copied = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            Path memo = Files.writeString(stick.mount().mountPoint().resolve("memo-" + i + ".txt"),
                    SyntheticData.confidentialMemo() + "第" + i + "版\n");
            copied.put(memo, Files.readAllBytes(memo));
            written(stick, memo);
        }
        assertThat(guard.awaitIdle(Duration.ofSeconds(60))).isTrue();

        Event response = awaitResponse();
        assertThat(notifier.asked).singleElement().satisfies(q -> {
            assertThat(q.files()).hasSize(20);
            assertThat(q.uid()).isEqualTo(1001L);
            assertThat(q.reasons()).extracting(r -> r.id()).containsExactly("business");
            assertThat(q.findings()).containsKey(FindingType.CONFIDENTIAL_MARKER);
        });
        assertThat(response.response().outcome()).isEqualTo(OverrideOutcome.CONTINUED);
        assertThat(response.response().reasonId()).isEqualTo("business");
        assertThat(response.response().reasonText()).isEqualTo("見積書を顧客に届けるため");
        assertThat(response.response().fileCount()).isEqualTo(20);
        assertThat(response.actor()).isEqualTo(answering);
        Await.until("all 20 files are written back", Duration.ofSeconds(30), () -> {
            try {
                return events(EventKind.FILE_RELEASED).size() == 20;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (Map.Entry<Path, byte[]> file : copied.entrySet()) {
            assertThat(file.getKey()).as("back where it was copied to").hasBinaryContent(file.getValue());
        }
        assertThat(quarantine.find(decided.get(0).eventId())).isEmpty();
        assertThat(journalled).as("the answer settles the hold").isEmpty();
        Thread.sleep(1500); // the written-back files are the agent's own: not decided, not held again
        assertThat(decided).hasSize(20);
    }

    @Test
    void aCopyContinuedAfterTheStickWasPulledIsWrittenBackWhenItReturnsEvenAfterARestart() throws Exception {
        CompletableFuture<Answer> later = new CompletableFuture<>();
        notifier.answerWith(question -> later);
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Path memo = Files.writeString(stick.mount().mountPoint().resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        byte[] content = Files.readAllBytes(memo);
        written(stick, memo);
        Await.until("the question is asked", Duration.ofSeconds(30), () -> !notifier.asked.isEmpty());

        guard.devices().unmounted(stick); // pulled while the window is open; then the employee continues
        later.complete(new Answer(OverrideOutcome.CONTINUED, "business", null, TANAKA, "tanaka continued the copy"));
        assertThat(awaitResponse().response().outcome()).isEqualTo(OverrideOutcome.CONTINUED);
        Await.until("the file waits for its stick", Duration.ofSeconds(10), () -> givingBack.size() == 1);
        assertThat(memo).doesNotExist();

        // the agent restarts before the stick comes back
        guard.close();
        log.close();
        start(new InProcessInspector(ClassifierConfig.defaults()));
        guard.resumeHolds();
        guard.devices().mounted(stick);

        Await.until("the file is written back", Duration.ofSeconds(30), () -> Files.exists(memo));
        assertThat(memo).hasBinaryContent(content);
        Await.until("the release is recorded", Duration.ofSeconds(10), () -> {
            try {
                return events(EventKind.FILE_RELEASED).size() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(givingBack).isEmpty();
        assertThat(quarantine.find(decided.get(0).eventId())).isEmpty();
    }

    @Test
    void aCancelledCopyStaysQuarantined() throws Exception {
        notifier.answerWith(question -> CompletableFuture.completedFuture(new Answer(OverrideOutcome.CANCELLED, null, null,
                TANAKA, "tanaka cancelled the copy")));
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
        Path memo = Files.writeString(stick.mount().mountPoint().resolve("経営会議.txt"), SyntheticData.confidentialMemo());
        written(stick, memo);

        Event response = awaitResponse();
        assertThat(response.response().outcome()).isEqualTo(OverrideOutcome.CANCELLED);
        assertThat(memo).doesNotExist();
        assertThat(quarantine.find(decided.get(0).eventId())).isPresent();
        assertThat(events(EventKind.FILE_RELEASED)).isEmpty();
    }

    @Test
    void theNoticeOnMountCountsThePersonsIndexedFilesThePolicyWouldStopOnThatDevice() throws Exception {
        Inspector inspector = new InProcessInspector(ClassifierConfig.defaults());
        ClassificationSummary roster = inspector.inspect(Files.writeString(dir.resolve("roster.csv"), SyntheticData.roster(5, 5)))
                .toSummary(Confidence.LOW);
        ClassificationSummary clean = inspector.inspect(Files.writeString(dir.resolve("lunch.txt"), "お弁当の注文は金曜まで"))
                .toSummary(Confidence.LOW);
        preCopy = stopped -> {
            Map<Long, Integer> counts = new java.util.HashMap<>();
            for (ClassificationSummary summary : List.of(roster, roster, clean)) {
                if (stopped.test(summary, null)) {
                    counts.merge(1001L, 1, Integer::sum);
                }
            }
            return counts;
        };
        guard.devices().mounted(stick("USB", DeviceClass.USB_STORAGE, "SN-1"));
        guard.devices().mounted(stick("OK", DeviceClass.USB_STORAGE, "APPROVED-1"));

        Await.until("both sticks are announced", Duration.ofSeconds(10), () -> told.size() == 2);
        Map<String, Notice.DeviceMounted> bySerial = new java.util.HashMap<>();
        told.forEach(n -> bySerial.put(((Notice.DeviceMounted) n).device().serial(), (Notice.DeviceMounted) n));
        assertThat(bySerial.get("SN-1").wouldStop()).as("two rosters would be blocked on the unapproved stick")
                .isEqualTo(Map.of(1001L, 2));
        assertThat(bySerial.get("APPROVED-1").wouldStop()).as("nothing is stopped on the approved one").isEmpty();
        assertThat(new io.mamori.agent.notify.NoticeTexts(Map.of()).text(bySerial.get("SN-1"), java.util.Locale.JAPANESE, 1001L))
                .contains("2 件");
    }

    private Event awaitResponse() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events(EventKind.USER_RESPONSE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return events(EventKind.USER_RESPONSE).stream().findFirst().orElseThrow(() -> new AssertionError("no answer recorded"));
    }

    @Test
    void aHoldOutlivesARestartOfTheAgentAndStillEndsInATimeOut() throws Exception {
        Volume stick = stick("USB", DeviceClass.USB_STORAGE, "SN-1");
        guard.devices().mounted(stick);
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
        guard.devices().mounted(stick);
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
        guard.devices().mounted(stick);
        guard.devices().unmounted(stick);
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

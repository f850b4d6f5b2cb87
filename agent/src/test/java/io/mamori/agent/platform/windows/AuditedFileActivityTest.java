package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer of each reported file, from the 4663 events of "Audit Removable Storage", or unknown and why. */
class AuditedFileActivityTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:10Z");

    @TempDir
    Path roots;
    private FakeAudit audit;
    private final List<FileActivity.FileWritten> heard = new ArrayList<>();
    private AuditedFileActivity activity;
    private Volume volume;

    @BeforeEach
    void setUp() {
        audit = new FakeAudit();
        activity = new AuditedFileActivity(heard::add, audit, root -> roots.resolve(root.substring(0, 1)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30), Duration.ZERO, 3);
        activity.wrap(new NoActivity());
        volume = new Volume(new Mount(1, "\\\\?\\Volume{x}\\", roots.resolve("E"), List.of("rw"), "FAT32", "\\\\.\\PhysicalDrive2"),
                new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", null, null, null, null, null, 0));
    }

    private FileActivity.FileWritten written(String relative, Instant at) {
        return new FileActivity.FileWritten(roots.resolve("E").resolve(relative), volume, null, at);
    }

    private static String write(String objectName, String time) {
        return RemovableStorageAuditTest.event4663(objectName, "0x2", "0x1a2c", time);
    }

    @Test
    void aWriteIsAttributedToTheProcessAnAuditEventNamesForTheSameFile() {
        activity.auditEvent(write("\\Device\\HarddiskVolume7\\folder\\file.txt", "2026-12-06T10:00:05Z"));
        activity.written(written("folder/file.txt", NOW));

        assertThat(heard).singleElement().extracting(FileActivity.FileWritten::actor)
                .isEqualTo(new Actor("CONTOSO\\dadmin", null, 0x1a2cL, "C:\\Windows\\System32\\notepad.exe"));
    }

    @Test
    void fileNamesMatchWithoutCaseAsOnWindows() {
        activity.auditEvent(write("\\Device\\HarddiskVolume7\\FOLDER\\File.TXT", "2026-12-06T10:00:05Z"));
        activity.written(written("folder/file.txt", NOW));

        assertThat(heard.get(0).actor().program()).isEqualTo("C:\\Windows\\System32\\notepad.exe");
    }

    @Test
    void withTheAuditPolicyOffTheWriterIsUnknownAndSaysSo() {
        audit.policy = RemovableStorageAuditTest.policy(0x0);
        activity.written(written("a.txt", NOW));

        assertThat(heard.get(0).actor()).isEqualTo(Actor.unknown("audit policy off"));
    }

    @Test
    void withNoMatchingEventTheWriterIsUnknownAndSaysSo() {
        activity.auditEvent(write("\\Device\\HarddiskVolume7\\other.txt", "2026-12-06T10:00:05Z")); // another file
        activity.auditEvent(RemovableStorageAuditTest.event4663("\\Device\\HarddiskVolume7\\a.txt", "0x1", "0x4",
                "2026-12-06T10:00:05Z")); // a read
        activity.auditEvent(write("\\Device\\HarddiskVolume7\\a.txt", "2026-12-06T09:58:00Z")); // too long before
        activity.written(written("a.txt", NOW));

        assertThat(heard.get(0).actor()).isEqualTo(Actor.unknown("no audit event"));
    }

    @Test
    void anUnreadablePolicyIsSaidAsSuch() {
        audit.policyFailure = new IOException("AuditQuerySystemPolicy failed: error 1314");
        activity.written(written("a.txt", NOW));

        assertThat(heard.get(0).actor()).isEqualTo(Actor.unknown("audit policy unreadable"));
    }

    @Test
    void theLatestWriteBeforeTheReportWinsOverAnEarlierOne() {
        activity.auditEvent(RemovableStorageAuditTest.event4663("\\Device\\HarddiskVolume7\\a.txt", "0x2", "0x10", "2026-12-06T10:00:01Z"));
        activity.auditEvent(RemovableStorageAuditTest.event4663("\\Device\\HarddiskVolume7\\a.txt", "0x2", "0x20", "2026-12-06T10:00:08Z"));
        activity.written(written("a.txt", NOW));

        assertThat(heard.get(0).actor().pid()).isEqualTo(0x20L);
    }

    @Test
    void theRecentEventsAreBoundedInCountAndAge() {
        activity.auditEvent(write("\\Device\\HarddiskVolume7\\old.txt", "2026-12-06T09:00:00Z"));
        assertThat(activity.held()).as("an hour old: forgotten at once").isZero();
        for (int i = 0; i < 5; i++) {
            activity.auditEvent(write("\\Device\\HarddiskVolume7\\f" + i + ".txt", "2026-12-06T10:00:0" + i + "Z"));
        }
        assertThat(activity.held()).isEqualTo(3);
        activity.written(written("f0.txt", NOW));
        assertThat(heard.get(0).actor().unknownReason()).as("the oldest went first").isEqualTo("no audit event");
    }

    @Test
    void eventsThatCannotBeReadOrAreOffTheDrivesAreCountedOrIgnoredNeverAttributed() {
        activity.auditEvent("<Event>");
        activity.auditEvent(write("\\Device\\HarddiskVolume99\\a.txt", "2026-12-06T10:00:05Z"));
        activity.written(written("a.txt", NOW));

        assertThat(activity.unreadableEvents()).isEqualTo(1);
        assertThat(heard.get(0).actor()).isEqualTo(Actor.unknown("no audit event"));
    }

    @Test
    void aLateEventArrivingWithinTheGraceIsStillMatched() throws Exception {
        activity = new AuditedFileActivity(heard::add, audit, root -> roots.resolve(root.substring(0, 1)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30), Duration.ofSeconds(5), 16);
        activity.wrap(new NoActivity());
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            activity.auditEvent(write("\\Device\\HarddiskVolume7\\a.txt", "2026-12-06T10:00:10.500Z"));
        });
        late.start();
        activity.written(written("a.txt", NOW));
        late.join();

        assertThat(heard.get(0).actor().pid()).isEqualTo(0x1a2cL);
    }

    /** AuditNative answering with recorded structures. */
    static final class FakeAudit implements AuditNative {
        ByteBuffer policy = RemovableStorageAuditTest.policy(0x1);
        IOException policyFailure;

        @Override
        public ByteBuffer removableStoragePolicy() throws IOException {
            if (policyFailure != null) {
                throw policyFailure;
            }
            return policy.duplicate();
        }

        @Override
        public Map<String, String> driveDevices() {
            return Map.of("C:", "\\Device\\HarddiskVolume1", "E:", "\\Device\\HarddiskVolume7");
        }

        @Override
        public void subscribe(Consumer<String> eventXml) {
        }

        @Override
        public void close() {
        }
    }

    /** The decorated activity: here only its listener matters. */
    static final class NoActivity implements FileActivity {
        @Override
        public void watch(Volume volume) {
        }

        @Override
        public void unwatch(Volume volume) {
        }

        @Override
        public void close() {
        }
    }
}

package io.mamori.agent.index;

import static io.mamori.agent.demo.SyntheticData.myNumber;
import static io.mamori.agent.demo.SyntheticData.staffRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.InProcessInspector;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file index on a real SQLite file: what it keeps, across a reopen, within its bound, and after damage. */
class FileIndexTest {

    private static final String CONFIGURATION = "configuration-a";

    @TempDir
    Path dir;

    /** A clock one millisecond later at every reading, so "least recently used" is exact. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }

    private static String sha(int n) {
        return String.format("%064x", n);
    }

    private static Classification reportable(String sha256) {
        return new Classification("/somewhere/list.csv", "text/csv", InspectionStatus.OK, null, sha256, 4096,
                List.of(new FindingSummary(FindingType.CREDIT_CARD, Confidence.HIGH, 1200, List.of("4111-****-****-1111"))),
                1200, Set.of(ReportableTrigger.FINANCIAL, ReportableTrigger.OVER_1000_PEOPLE), 12, List.of(), null);
    }

    @Test
    void aClassificationKeepsItsSummariesStatusPeopleAndTriggersAcrossAReopen() throws IOException {
        Path staff = Files.writeString(dir.resolve("staff.txt"), staffRecord(1));
        Classification classified = new InProcessInspector(ClassifierConfig.defaults()).inspect(staff);
        assertThat(classified.hasFindings(Confidence.HIGH)).isTrue();
        assertThat(classified.findings()).isNotEmpty();
        Classification large = reportable(sha(7));
        Path db = dir.resolve("index.db");
        try (FileIndex index = FileIndex.open(db)) {
            index.put(CONFIGURATION, classified.sha256(), classified);
            index.put(CONFIGURATION, large.sha256(), large);
            index.rememberHash(staff.toString(), 120, 1_000, classified.sha256());
        }
        try (FileIndex index = FileIndex.open(db)) {
            for (Classification original : List.of(classified, large)) {
                Classification back = index.get(CONFIGURATION, original.sha256());
                assertThat(back.summaries()).isEqualTo(original.summaries());
                assertThat(back.status()).isEqualTo(original.status());
                assertThat(back.people()).isEqualTo(original.people());
                assertThat(back.reportable()).isEqualTo(original.reportable());
                assertThat(back.mediaType()).isEqualTo(original.mediaType());
                assertThat(back.size()).isEqualTo(original.size());
                assertThat(back.findings()).as("individual findings are never stored").isEmpty();
            }
            assertThat(index.get("configuration-b", classified.sha256())).isNull();
            assertThat(index.contains(CONFIGURATION, classified.sha256())).isTrue();
            assertThat(index.knownHash(staff.toString(), 120, 1_000)).isEqualTo(classified.sha256());
            assertThat(index.knownHash(staff.toString(), 120, 1_001)).as("modified since").isNull();
            assertThat(index.knownHash(staff.toString(), 121, 1_000)).as("another size").isNull();
        }
        String stored = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
        assertThat(stored).as("only masked samples are stored").doesNotContain(myNumber(1));
    }

    @Test
    void theIndexAndItsJournalAreOwnerOnly() throws IOException {
        Path db = dir.resolve("index.db");
        try (FileIndex index = FileIndex.open(db)) {
            index.rememberHash("/a", 1, 1, sha(1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
            Path wal = dir.resolve("index.db-wal");
            assertThat(wal).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
        }
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheBoundIsReached() throws IOException {
        Path db = dir.resolve("index.db");
        try (FileIndex index = FileIndex.open(db, 100, new TickingClock())) {
            for (int i = 0; i < 250; i++) {
                index.rememberHash("/docs/f" + i, 1, 1, sha(i));
                index.put(CONFIGURATION, sha(i), reportable(sha(i)));
                index.knownHash("/docs/f0", 1, 1);
                index.get(CONFIGURATION, sha(0));
                assertThat(index.fileCount()).isLessThanOrEqualTo(100);
                assertThat(index.contentCount()).isLessThanOrEqualTo(100);
            }
            assertThat(index.fileCount()).isGreaterThanOrEqualTo(90);
            assertThat(index.knownHash("/docs/f0", 1, 1)).as("used all along").isEqualTo(sha(0));
            assertThat(index.get(CONFIGURATION, sha(0))).as("used all along").isNotNull();
            assertThat(index.knownHash("/docs/f1", 1, 1)).as("the oldest unused").isNull();
            assertThat(index.get(CONFIGURATION, sha(1))).as("the oldest unused").isNull();
            assertThat(index.knownHash("/docs/f249", 1, 1)).as("the newest").isEqualTo(sha(249));
        }
        try (FileIndex index = FileIndex.open(db, 100, new TickingClock())) {
            assertThat(index.fileCount()).isBetween(90L, 100L);
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideAndANewIndexStarted() throws IOException {
        Path db = dir.resolve("index.db");
        byte[] garbage = "this is not a SQLite database; ".repeat(300).getBytes(StandardCharsets.US_ASCII);
        Files.write(db, garbage);
        try (FileIndex index = FileIndex.open(db)) {
            assertThat(index.movedAside()).contains(dir.resolve("index.db.damaged"));
            assertThat(Files.readAllBytes(dir.resolve("index.db.damaged"))).isEqualTo(garbage);
            index.rememberHash("/a", 1, 1, sha(1));
            assertThat(index.knownHash("/a", 1, 1)).isEqualTo(sha(1));
        }
    }

    @Test
    void anIndexDamagedInsideIsMovedAsideAndStillAnswers() throws IOException {
        Path db = dir.resolve("index.db");
        try (FileIndex index = FileIndex.open(db)) {
            for (int i = 0; i < 3000; i++) {
                index.rememberHash("/docs/some/longer/path/to/a/file-" + i + ".txt", i, i, sha(i));
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] noise = new byte[(int) file.length() - 4096];
            Arrays.fill(noise, (byte) 0x5a);
            file.seek(4096); // the header page stays, the tables behind it are overwritten
            file.write(noise);
        }
        try (FileIndex index = FileIndex.open(db)) {
            assertThat(index.knownHash("/docs/some/longer/path/to/a/file-1.txt", 1, 1)).isNull();
            assertThat(index.movedAside()).contains(dir.resolve("index.db.damaged"));
            index.rememberHash("/a", 1, 1, sha(1));
            assertThat(index.knownHash("/a", 1, 1)).isEqualTo(sha(1));
        }
    }

    @Test
    void anIndexOfAnotherFormatIsReplacedNotMisread() throws Exception {
        Path db = dir.resolve("index.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE file (path TEXT PRIMARY KEY, layout TEXT)");
            statement.execute("PRAGMA user_version = 99");
        }
        try (FileIndex index = FileIndex.open(db)) {
            assertThat(index.movedAside()).isPresent();
            assertThat(index.fileCount()).isZero();
            index.rememberHash("/a", 1, 1, sha(1));
            assertThat(index.knownHash("/a", 1, 1)).isEqualTo(sha(1));
        }
    }

    @Test
    void listsEveryFileUnderAFolderPageByPageWithItsClassification() throws IOException {
        try (FileIndex index = FileIndex.open(dir.resolve("index.db"))) {
            index.put(CONFIGURATION, sha(1), reportable(sha(1)));
            for (int i = 0; i < 600; i++) {
                index.rememberHash(String.format("/home/u/Documents/f%04d.csv", i), i, i, i % 2 == 0 ? sha(1) : sha(2));
            }
            index.rememberHash("/home/u/Documents-old/x.csv", 1, 1, sha(1));
            index.rememberHash("/home/u/Documents", 1, 1, sha(1));
            index.rememberHash("/home/u/Desktop/y.csv", 1, 1, sha(1));
            List<IndexedFile> listed = new ArrayList<>();
            index.forEachFileUnder(Path.of("/home/u/Documents"), CONFIGURATION, listed::add);
            assertThat(listed).hasSize(600);
            assertThat(listed).allSatisfy(f -> assertThat(f.path().startsWith(Path.of("/home/u/Documents"))).isTrue());
            assertThat(listed.stream().map(f -> f.path().toString()).distinct().count()).isEqualTo(600);
            IndexedFile first = listed.get(0);
            assertThat(first.path()).isEqualTo(Path.of("/home/u/Documents/f0000.csv"));
            assertThat(first.classification().reportable()).contains(ReportableTrigger.FINANCIAL);
            assertThat(first.classification().path()).isEqualTo(first.path().toString());
            assertThat(listed.get(1).sha256()).isEqualTo(sha(2));
            assertThat(listed.get(1).classification()).as("content not classified under this configuration").isNull();
            List<IndexedFile> other = new ArrayList<>();
            index.forEachFileUnder(Path.of("/home/u/Documents"), "configuration-b", other::add);
            assertThat(other).hasSize(600).allSatisfy(f -> assertThat(f.classification()).isNull());
        }
    }

    @Test
    void deletedFilesNotSeenSinceAGivenTimeAreForgotten() throws IOException {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Path kept = Files.writeString(docs.resolve("kept.txt"), "kept");
        Path deleted = Files.writeString(docs.resolve("deleted.txt"), "deleted");
        Path outside = dir.resolve("outside.txt");
        TickingClock clock = new TickingClock();
        try (FileIndex index = FileIndex.open(dir.resolve("index.db"), 100, clock)) {
            index.rememberHash(kept.toString(), 4, 1, sha(1));
            index.rememberHash(deleted.toString(), 7, 1, sha(2));
            index.rememberHash(outside.toString(), 7, 1, sha(3));
            long since = clock.millis();
            Files.delete(deleted);
            assertThat(index.forgetVanished(docs, since)).isEqualTo(1);
            assertThat(index.knownHash(deleted.toString(), 7, 1)).isNull();
            assertThat(index.knownHash(kept.toString(), 4, 1)).isEqualTo(sha(1));
            assertThat(index.knownHash(outside.toString(), 7, 1)).as("not under the folder").isEqualTo(sha(3));
        }
    }
}

package io.mamori.agent.index;

import static io.mamori.agent.demo.SyntheticData.staffRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.config.AgentConfig.IndexerSettings;
import io.mamori.agent.testing.Root;
import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.CachingInspector;
import io.mamori.classifier.inspect.InProcessInspector;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.classifier.inspect.InspectorConfig;
import io.mamori.classifier.inspect.WorkerPool;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background indexer over a real folder tree, with a real index file and the classifier in process. */
class BackgroundIndexerTest {

    private static final long MEGABYTE = 1024 * 1024;

    @TempDir
    Path dir;

    private Path docs;
    private FileIndex index;
    private Counting counting;
    private CachingInspector inspector;
    private final List<BackgroundIndexer> started = new ArrayList<>();

    /** Counts what reaches the real classifier: a cache hit never does. */
    private static class Counting implements Inspector {
        final InProcessInspector real;
        final AtomicInteger calls = new AtomicInteger();

        Counting(ClassifierConfig config) {
            real = new InProcessInspector(config);
        }

        @Override
        public Classification inspect(Path file) {
            calls.incrementAndGet();
            return real.inspect(file);
        }

        @Override
        public Classification inspect(Path file, String sha256) {
            calls.incrementAndGet();
            return real.inspect(file, sha256);
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        docs = Files.createDirectories(dir.resolve("Documents"));
        index = FileIndex.open(Files.createDirectories(dir.resolve("state")).resolve("index.db"));
        counting = new Counting(ClassifierConfig.defaults());
        inspector = new CachingInspector(counting, index, ClassifierConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        started.forEach(BackgroundIndexer::close);
        index.close();
    }

    private static IndexerSettings settings(List<String> roots, long maxFileBytes, int filesPerSecond) {
        return new IndexerSettings(true, roots, maxFileBytes, filesPerSecond, 1000 * MEGABYTE, Duration.ofHours(6));
    }

    private BackgroundIndexer indexer(IndexerSettings settings, CachingInspector with, Predicate<Path> onRemovableMedia) {
        BackgroundIndexer indexer = new BackgroundIndexer(settings, with, index, onRemovableMedia);
        started.add(indexer);
        return indexer;
    }

    private BackgroundIndexer indexer(Path root) {
        return indexer(settings(List.of(root.toString()), 50 * MEGABYTE, 1000), inspector, path -> false);
    }

    private Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private boolean known(Path file) throws IOException {
        return index.knownHash(file.toString(), Files.size(file), Files.getLastModifiedTime(file).toMillis()) != null;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aPassClassifiesNewFilesAndLeavesOutHiddenFoldersLinksAndLargeFiles() throws IOException {
        Path staff = write(docs.resolve("staff.txt"), staffRecord(1));
        Path nested = write(docs.resolve("2026").resolve("payroll.txt"), staffRecord(2));
        Path hidden = write(docs.resolve(".cache").resolve("staff-copy.txt"), staffRecord(3));
        Path outside = write(dir.resolve("elsewhere").resolve("secret.txt"), staffRecord(4));
        Path fileLink = Files.createSymbolicLink(docs.resolve("link.txt"), outside);
        Files.createSymbolicLink(docs.resolve("linked-folder"), outside.getParent());
        Path large = docs.resolve("large.bin");
        Files.write(large, new byte[(int) (2 * MEGABYTE)]);

        BackgroundIndexer.Progress pass = indexer(settings(List.of(docs.toString()), MEGABYTE, 1000), inspector, p -> false)
                .runPass();

        assertThat(pass.filesClassified()).isEqualTo(2);
        assertThat(pass.skipped()).as("the hidden folder, two links, the large file").isEqualTo(4);
        assertThat(pass.errors()).isZero();
        assertThat(pass.passesCompleted()).isEqualTo(1);
        assertThat(counting.calls.get()).isEqualTo(2);
        assertThat(known(staff)).isTrue();
        assertThat(known(nested)).isTrue();
        assertThat(known(hidden)).isFalse();
        assertThat(index.knownHash(fileLink.toString(), Files.size(outside), Files.getLastModifiedTime(outside).toMillis()))
                .isNull();
        assertThat(known(outside)).as("a link is not followed").isFalse();
        assertThat(known(large)).isFalse();
        List<IndexedFile> listed = new ArrayList<>();
        index.forEachFileUnder(docs, inspector.configuration(), listed::add);
        assertThat(listed).extracting(IndexedFile::path).containsExactly(nested, staff);
        assertThat(listed).allSatisfy(f -> assertThat(f.classification().hasFindings(Confidence.HIGH)).isTrue());
    }

    @Test
    void theFilesThePolicyWouldStopAreCountedByTheirOwnersUserIdAndVanishedOnesAreNot() throws IOException {
        write(docs.resolve("staff.txt"), staffRecord(1));
        write(docs.resolve("2026").resolve("payroll.txt"), staffRecord(2));
        Path gone = write(docs.resolve("old-staff.txt"), staffRecord(3));
        write(docs.resolve("lunch.txt"), "お弁当の注文は金曜まで");
        BackgroundIndexer indexer = indexer(docs);
        indexer.runPass();
        Files.delete(gone); // deleted since the pass: still listed, but not counted
        long me = ((Number) Files.getAttribute(docs, "unix:uid")).longValue();

        assertThat(indexer.countByOwner((summary, sha256) -> summary.findings().stream()
                .anyMatch(f -> f.confidence().isAtLeast(Confidence.HIGH)))).isEqualTo(java.util.Map.of(me, 2));
        assertThat(indexer.countByOwner((summary, sha256) -> false)).isEmpty();
        assertThat(indexer.countByOwner((summary, sha256) -> sha256 != null)).as("every indexed file that exists")
                .isEqualTo(java.util.Map.of(me, 3));
    }

    @Test
    void aSecondPassReadsNothingThatIsUnchanged() throws IOException {
        for (int i = 0; i < 5; i++) {
            write(docs.resolve("record-" + i + ".txt"), staffRecord(i));
        }
        BackgroundIndexer indexer = indexer(docs);
        assertThat(indexer.runPass().filesClassified()).isEqualTo(5);
        int afterFirst = counting.calls.get();

        BackgroundIndexer.Progress second = indexer.runPass();

        assertThat(counting.calls.get()).isEqualTo(afterFirst);
        assertThat(second.filesClassified()).isZero();
        assertThat(second.filesUnchanged()).isEqualTo(5);
        assertThat(second.filesSeen()).isEqualTo(5);
        assertThat(second.passesCompleted()).isEqualTo(2);
    }

    @Test
    void aPassAfterARestartReadsNothingThatIsUnchanged() throws IOException {
        Path staff = write(docs.resolve("staff.txt"), staffRecord(1));
        indexer(docs).runPass();
        index.close();
        index = FileIndex.open(dir.resolve("state").resolve("index.db"));
        Counting fresh = new Counting(ClassifierConfig.defaults());
        CachingInspector restarted = new CachingInspector(fresh, index, ClassifierConfig.defaults());

        BackgroundIndexer.Progress pass = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 1000), restarted,
                p -> false).runPass();

        assertThat(fresh.calls.get()).isZero();
        assertThat(pass.filesUnchanged()).isEqualTo(1);
        assertThat(known(staff)).isTrue();
    }

    @Test
    void aModifiedFileIsClassifiedAgain() throws IOException {
        Path memo = write(docs.resolve("memo.txt"), "会議のメモ");
        write(docs.resolve("staff.txt"), staffRecord(1));
        BackgroundIndexer indexer = indexer(docs);
        indexer.runPass();
        int afterFirst = counting.calls.get();
        Files.writeString(memo, staffRecord(9));
        Files.setLastModifiedTime(memo, FileTime.fromMillis(Files.getLastModifiedTime(memo).toMillis() + 5_000));

        BackgroundIndexer.Progress second = indexer.runPass();

        assertThat(second.filesClassified()).isEqualTo(1);
        assertThat(second.filesUnchanged()).isEqualTo(1);
        assertThat(counting.calls.get()).isEqualTo(afterFirst + 1);
        List<IndexedFile> listed = new ArrayList<>();
        index.forEachFileUnder(docs, inspector.configuration(), listed::add);
        assertThat(listed).filteredOn(f -> f.path().equals(memo)).singleElement()
                .satisfies(f -> assertThat(f.classification().hasFindings(Confidence.HIGH)).isTrue());
    }

    @Test
    void aCopyOfAnIndexedFileElsewhereIsKnownByItsContent() throws IOException {
        Path staff = write(docs.resolve("staff.txt"), staffRecord(1));
        indexer(docs).runPass();
        int afterPass = counting.calls.get();
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Path copy = Files.copy(staff, stick.resolve("staff (copy).txt"));

        Classification decision = inspector.inspect(copy);

        assertThat(counting.calls.get()).as("the classifier is not asked again").isEqualTo(afterPass);
        assertThat(decision.path()).isEqualTo(copy.toString());
        assertThat(decision.summaries(Confidence.HIGH)).extracting(s -> s.type()).contains(FindingType.JP_MY_NUMBER);
    }

    @Test
    void anotherClassifierConfigurationClassifiesTheFilesAgain() throws IOException {
        write(docs.resolve("memo.txt"), "会議のメモ");
        indexer(docs).runPass();
        ClassifierConfig withMemos = ClassifierConfig.defaults().withCustomDetectors(List.of(
                new CustomDetectorSpec("memo", List.of("メモ"), List.of(), Confidence.HIGH, false)));
        Counting underPolicy = new Counting(withMemos);
        CachingInspector newPolicy = new CachingInspector(underPolicy, index, withMemos);

        BackgroundIndexer.Progress pass = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 1000), newPolicy,
                p -> false).runPass();

        assertThat(pass.filesClassified()).isEqualTo(1);
        assertThat(underPolicy.calls.get()).isEqualTo(1);
        List<IndexedFile> listed = new ArrayList<>();
        index.forEachFileUnder(docs, newPolicy.configuration(), listed::add);
        assertThat(listed).singleElement().satisfies(f -> assertThat(f.classification().hasFindings(Confidence.HIGH)).isTrue());
    }

    @Test
    void aFolderOnRemovableMediaIsNeverIndexed() throws IOException {
        write(docs.resolve("staff.txt"), staffRecord(1));

        BackgroundIndexer.Progress pass = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 1000), inspector,
                path -> path.startsWith(docs)).runPass();

        assertThat(pass.filesSeen()).isZero();
        assertThat(pass.skipped()).isEqualTo(1);
        assertThat(counting.calls.get()).isZero();
    }

    @Test
    void aFileSystemMountedInsideAFolderIsNotEntered() throws Exception {
        Root.required("mounts a tmpfs inside the indexed folder");
        write(docs.resolve("staff.txt"), staffRecord(1));
        Path mounted = Files.createDirectories(docs.resolve("mounted"));
        Root.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mounted.toString());
        try {
            Path inside = write(mounted.resolve("staff-on-tmpfs.txt"), staffRecord(2));

            BackgroundIndexer.Progress pass = indexer(docs).runPass();

            assertThat(pass.filesClassified()).isEqualTo(1);
            assertThat(pass.skipped()).isEqualTo(1);
            assertThat(known(inside)).isFalse();
        } finally {
            Root.run("umount", mounted.toString());
        }
    }

    @Test
    void aFileThatVanishesWhileClassifiedIsCountedAndTheWalkGoesOn() throws IOException {
        for (int i = 0; i < 4; i++) {
            write(docs.resolve("record-" + i + ".txt"), staffRecord(i));
        }
        Path vanishing = write(docs.resolve("vanishing.txt"), staffRecord(99));
        Counting deleting = new Counting(ClassifierConfig.defaults()) {
            @Override
            public Classification inspect(Path file, String sha256) {
                if (file.equals(vanishing)) {
                    try {
                        Files.delete(file); // after it was hashed, before it is parsed
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                return super.inspect(file, sha256);
            }
        };
        CachingInspector caching = new CachingInspector(deleting, index, ClassifierConfig.defaults());

        BackgroundIndexer.Progress pass = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 1000), caching,
                p -> false).runPass();

        assertThat(pass.errors()).isEqualTo(1);
        assertThat(pass.filesClassified()).isEqualTo(4);
        assertThat(pass.passesCompleted()).isEqualTo(1);
    }

    @Test
    void aDeletedFileIsForgottenAfterTheNextPass() throws Exception {
        Path kept = write(docs.resolve("kept.txt"), staffRecord(1));
        Path deleted = write(docs.resolve("deleted.txt"), staffRecord(2));
        BackgroundIndexer indexer = indexer(docs);
        indexer.runPass();
        Files.delete(deleted);
        Thread.sleep(5); // the next pass starts on a later millisecond than the file was last seen

        indexer.runPass();

        List<IndexedFile> listed = new ArrayList<>();
        index.forEachFileUnder(docs, inspector.configuration(), listed::add);
        assertThat(listed).extracting(IndexedFile::path).containsExactly(kept);
    }

    @Test
    void foldersMatchingAStarAreIndexedButNotHiddenOnes() throws IOException {
        Path home = dir.resolve("home");
        Path alice = write(home.resolve("alice").resolve("Documents").resolve("a.txt"), staffRecord(1));
        Path bob = write(home.resolve("bob").resolve("Documents").resolve("b.txt"), staffRecord(2));
        Path hidden = write(home.resolve(".snapshot").resolve("Documents").resolve("c.txt"), staffRecord(3));
        Files.createDirectories(home.resolve("carol")); // no Documents

        BackgroundIndexer.Progress pass = indexer(settings(List.of(home + "/*/Documents"), 50 * MEGABYTE, 1000), inspector,
                p -> false).runPass();

        assertThat(pass.filesClassified()).isEqualTo(2);
        assertThat(known(alice)).isTrue();
        assertThat(known(bob)).isTrue();
        assertThat(known(hidden)).isFalse();
    }

    @Test
    void theThreadReadsNoMoreFilesThanTheThrottleAllowsAndStopsWhenClosed() throws Exception {
        for (int i = 0; i < 30; i++) {
            write(docs.resolve("record-" + i + ".txt"), staffRecord(i));
        }
        BackgroundIndexer indexer = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 2), inspector, p -> false);
        long startedAt = System.nanoTime();
        indexer.start();
        await(() -> indexer.progress().filesClassified() >= 3);
        indexer.close();
        double seconds = (System.nanoTime() - startedAt) / 1e9;

        BackgroundIndexer.Progress progress = indexer.progress();
        assertThat(indexer.isRunning()).isFalse();
        // two files a second, plus one second's worth at the start: never more, however slow this machine is
        assertThat((double) progress.filesClassified()).isLessThanOrEqualTo(2 + 2 * seconds);
        assertThat(progress.filesClassified()).isLessThan(30);
        assertThat(progress.passesCompleted()).isZero();
        assertThat(progress.lastPassEnded()).isNotNull();
    }

    @Test
    void closeStopsTheThreadWhileItWaitsForTheNextPass() throws Exception {
        write(docs.resolve("staff.txt"), staffRecord(1));
        BackgroundIndexer indexer = indexer(docs);
        indexer.start();
        assertThat(indexer.isRunning()).isTrue();
        await(() -> indexer.progress().passesCompleted() == 1);

        indexer.close();

        assertThat(indexer.isRunning()).isFalse();
        assertThat(indexer.progress().filesClassified()).isEqualTo(1);
    }

    @Test
    void aTurnedOffIndexerDoesNotStart() {
        IndexerSettings off = new IndexerSettings(false, List.of(docs.toString()), MEGABYTE, 20, MEGABYTE, Duration.ofHours(6));
        BackgroundIndexer indexer = indexer(off, inspector, p -> false);

        indexer.start();

        assertThat(indexer.isRunning()).isFalse();
    }

    @Test
    void theWholeChainWithRealInspectionWorkers() throws IOException {
        Path staff = write(docs.resolve("staff.txt"), staffRecord(1));
        write(docs.resolve("memo.txt"), "会議のメモ");
        ClassifierConfig config = ClassifierConfig.defaults();
        try (WorkerPool pool = new WorkerPool(config, InspectorConfig.defaults().withWorkers(1))) {
            CachingInspector agentInspector = new CachingInspector(pool, index, config);
            BackgroundIndexer indexer = indexer(settings(List.of(docs.toString()), 50 * MEGABYTE, 1000), agentInspector,
                    p -> false);

            BackgroundIndexer.Progress pass = indexer.runPass();

            assertThat(pass.filesClassified()).isEqualTo(2);
            assertThat(pool.startedWorkers()).isEqualTo(1);
            assertThat(indexer.runPass().filesUnchanged()).isEqualTo(2);
            List<IndexedFile> listed = new ArrayList<>();
            index.forEachFileUnder(docs, agentInspector.configuration(), listed::add);
            assertThat(listed).filteredOn(f -> f.path().equals(staff)).singleElement()
                    .satisfies(f -> assertThat(f.classification().summaries(Confidence.HIGH))
                            .extracting(s -> s.type()).contains(FindingType.JP_MY_NUMBER));
        }
    }
}

package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingInspectorTest {

    @TempDir
    Path dir;

    /** Counts what reaches the real inspector. */
    private static final class Counting implements Inspector {
        final InProcessInspector real;
        final ClassifierConfig config;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger prepared = new AtomicInteger();

        Counting(ClassifierConfig config) {
            this.config = config;
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
        public void prepare(Path file) {
            prepared.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    /** A caching inspector in front of a counting one, with its own cache. */
    private static CachingInspector caching(Counting counting) {
        return new CachingInspector(counting, new MemoryResultCache(100), counting.config);
    }

    @Test
    void whatInspectsIsPreparedWhileAFileIsHashedButNotForAFileAlreadyKnown() throws IOException {
        Counting counting = new Counting(ClassifierConfig.defaults());
        CachingInspector inspector = caching(counting);
        Path file = Files.writeString(dir.resolve("a.txt"), HostileFiles.PERSONAL);
        inspector.inspect(file);
        assertThat(counting.prepared).hasValue(1);
        inspector.inspect(file); // same path, size and time: neither hashed nor inspected again
        assertThat(counting.prepared).hasValue(1);
        assertThat(counting.calls).hasValue(1);
    }

    @Test
    void contentSeenBeforeIsNotParsedAgainEvenUnderAnotherName() throws IOException {
        ClassifierConfig config = ClassifierConfig.defaults();
        Counting counting = new Counting(config);
        MemoryResultCache cache = new MemoryResultCache(100);
        CachingInspector inspector = new CachingInspector(counting, cache, config);
        Path a = Files.writeString(dir.resolve("a.txt"), HostileFiles.PERSONAL);
        Path b = Files.writeString(dir.resolve("copy.txt"), HostileFiles.PERSONAL);
        Classification first = inspector.inspect(a);
        Classification again = inspector.inspect(a);
        Classification copy = inspector.inspect(b);
        assertThat(counting.calls.get()).isEqualTo(1);
        assertThat(again.findings()).isEqualTo(first.findings());
        assertThat(copy.path()).isEqualTo(b.toString());
        assertThat(copy.hasFindings(Confidence.HIGH)).isTrue();
    }

    @Test
    void aChangedFileIsInspectedAgain() throws IOException {
        Counting counting = new Counting(ClassifierConfig.defaults());
        CachingInspector inspector = caching(counting);
        Path file = Files.writeString(dir.resolve("a.txt"), HostileFiles.PERSONAL);
        assertThat(inspector.inspect(file).hasFindings(Confidence.HIGH)).isTrue();
        Files.writeString(file, "会議のメモ");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(inspector.inspect(file).hasFindings(Confidence.LOW)).isFalse();
        assertThat(counting.calls.get()).isEqualTo(2);
    }

    @Test
    void aKnownFileIsNotEvenReadAgain() throws IOException {
        ClassifierConfig config = ClassifierConfig.defaults();
        MemoryResultCache cache = new MemoryResultCache(100);
        CachingInspector inspector = new CachingInspector(new Counting(config), cache, config);
        Path file = Files.writeString(dir.resolve("a.txt"), HostileFiles.PERSONAL);
        String sha = inspector.inspect(file).sha256();
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertThat(cache.knownHash(file.toAbsolutePath().toString(), size, modified)).isEqualTo(sha);
    }

    @Test
    void resultsMadeWithOtherCustomDetectorsAreNotReused() throws IOException {
        ClassifierConfig plain = ClassifierConfig.defaults();
        ClassifierConfig custom = plain.withCustomDetectors(List.of(new CustomDetectorSpec("memo", List.of("メモ"),
                List.of(), Confidence.HIGH, false)));
        MemoryResultCache shared = new MemoryResultCache(100);
        Path file = Files.writeString(dir.resolve("memo.txt"), "会議のメモ");
        assertThat(new CachingInspector(new Counting(plain), shared, plain).inspect(file).hasFindings(Confidence.LOW))
                .isFalse();
        assertThat(new CachingInspector(new Counting(custom), shared, custom).inspect(file).hasFindings(Confidence.HIGH))
                .isTrue();
    }
}

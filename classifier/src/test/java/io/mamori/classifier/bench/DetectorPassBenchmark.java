package io.mamori.classifier.bench;

import io.mamori.classifier.detect.Detectors;
import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.classifier.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detector pass over extracted text, single-threaded: NFKC normalisation plus every
 * detector, on {@link BenchmarkText}. Throughput in MB/s of UTF-8 is {@code bytes / score}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectorPassBenchmark {

    @Param("32")
    public int megabytes;

    public String text;
    public long utf8Bytes;
    private NormalizedText normalized;
    private final LocalDate today = LocalDate.of(2026, 11, 23);

    @Setup(Level.Trial)
    public void setUp() {
        text = BenchmarkText.generate(megabytes, 42);
        utf8Bytes = text.getBytes(StandardCharsets.UTF_8).length;
        normalized = TextNormalizer.normalize(text);
    }

    /** What the classifier does with extracted text: normalise, then detect. */
    @Benchmark
    public Detectors.Result normalizeAndDetect() {
        return Detectors.run(TextNormalizer.normalize(text), TableLayout.empty(), List.of(), today);
    }

    /** Normalisation alone, to see where the time goes. */
    @Benchmark
    public NormalizedText normalizeOnly() {
        return TextNormalizer.normalize(text);
    }

    /** Detection alone, on text normalised beforehand. */
    @Benchmark
    public Detectors.Result detectOnly() {
        return Detectors.run(normalized, TableLayout.empty(), List.of(), today);
    }
}

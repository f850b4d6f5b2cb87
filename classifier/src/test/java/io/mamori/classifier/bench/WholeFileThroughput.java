package io.mamori.classifier.bench;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.InspectorConfig;
import io.mamori.classifier.inspect.WorkerPool;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Whole-file classification against its baseline, in one run, one file at a time (one core):
 * Tika's default {@code AutoDetectParser} extraction alone, Mamori's classification (extraction,
 * detection and SHA-256) in process, and through a warm inspection worker, each the median of
 * three rounds per file, the three interleaved file by file; cold starts of a
 * worker; per-file latency percentiles; the 100 KB .docx target; the worker's resident memory.
 * {@code tools/bench-extraction}.
 */
public final class WholeFileThroughput {

    private static final int ROUNDS = 3;
    private static final int WARM_ROUNDS = 6;

    private WholeFileThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("mamori-office-corpus");
        List<List<Path>> corpus = OfficeCorpus.write(directory);
        List<Path> mixed = corpus.get(0);
        List<Path> hundred = corpus.get(1);
        long mixedBytes = 0;
        for (Path file : mixed) {
            mixedBytes += Files.size(file);
        }
        System.out.printf(Locale.ROOT, "corpus: %d mixed files, %.1f MB; %d .docx of ~100 KB%n", mixed.size(),
                mixedBytes / 1e6, hundred.size());

        AutoDetectParser tika = new AutoDetectParser();
        Classifier classifier = new Classifier(ClassifierConfig.defaults());
        Map<Path, double[]> tikaMs = new LinkedHashMap<>();
        Map<Path, double[]> oursMs = new LinkedHashMap<>();
        for (Path file : mixed) {
            tikaMs.put(file, new double[ROUNDS]);
            oursMs.put(file, new double[ROUNDS]);
        }
        Map<Path, double[]> workerMs = new LinkedHashMap<>();
        for (Path file : mixed) {
            workerMs.put(file, new double[ROUNDS]);
        }
        List<Double> hundredWorker = new ArrayList<>();
        List<Double> hundredInProcess = new ArrayList<>();
        long workerPeakKb;
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            // every one warm: the worker is a JVM of its own, and Tika's code in this one is also
            // warmed by the Tika column; two rounds left the worker measurably colder (docs/benchmarks.md)
            for (int warm = 0; warm < WARM_ROUNDS; warm++) {
                for (Path file : mixed) {
                    tikaExtract(tika, file);
                    classifier.classify(file);
                    pool.inspect(file);
                }
                hundred.forEach(pool::inspect);
            }
            for (int round = 0; round < ROUNDS; round++) {
                // interleaved, file by file, so that all three see the same caches and machine
                // state (this machine's speed changes by up to 2x within minutes)
                for (Path file : mixed) {
                    tikaMs.get(file)[round] = time(() -> tikaExtract(tika, file));
                    oursMs.get(file)[round] = time(() -> check(classifier.classify(file)));
                    workerMs.get(file)[round] = time(() -> check(pool.inspect(file)));
                }
            }
            for (Path file : hundred) {
                hundredWorker.add(time(() -> check(pool.inspect(file))));
                hundredInProcess.add(time(() -> check(classifier.classify(file))));
            }
            workerPeakKb = peakRssKb(pool.idleWorkerPids().get(0));
        }
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path file = hundred.get(i);
            try (WorkerPool fresh = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
                cold.add(time(() -> check(fresh.inspect(file))));
            }
        }

        System.out.println();
        System.out.println("| type | files | MB | Tika default extraction MB/s | Mamori in-process MB/s | Mamori worker MB/s | ratio (worker / Tika) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double totalTika = 0;
        double totalOurs = 0;
        double totalWorker = 0;
        for (String extension : List.of("docx", "xlsx", "pptx", "pdf", "csv")) {
            double bytes = 0;
            double tikaSum = 0;
            double oursSum = 0;
            double workerSum = 0;
            int count = 0;
            for (Path file : mixed) {
                if (file.toString().endsWith("." + extension)) {
                    bytes += Files.size(file);
                    tikaSum += median(tikaMs.get(file));
                    oursSum += median(oursMs.get(file));
                    workerSum += median(workerMs.get(file));
                    count++;
                }
            }
            totalTika += tikaSum;
            totalOurs += oursSum;
            totalWorker += workerSum;
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f |%n", extension, count, bytes / 1e6,
                    bytes / 1e6 / (tikaSum / 1000), bytes / 1e6 / (oursSum / 1000), bytes / 1e6 / (workerSum / 1000),
                    tikaSum / workerSum);
        }
        System.out.printf(Locale.ROOT, "| all | %d | %.1f | %.1f | %.1f | %.1f | %.2f |%n", mixed.size(), mixedBytes / 1e6,
                mixedBytes / 1e6 / (totalTika / 1000), mixedBytes / 1e6 / (totalOurs / 1000),
                mixedBytes / 1e6 / (totalWorker / 1000), totalTika / totalWorker);

        double[] tikaPerFile = mixed.stream().mapToDouble(f -> median(tikaMs.get(f))).toArray();
        double[] workerPerFile = workerMs.values().stream().mapToDouble(WholeFileThroughput::median).toArray();
        System.out.println();
        System.out.printf(Locale.ROOT, "per-file latency, mixed corpus: Tika p50 %.1f ms p99 %.1f ms; Mamori worker (warm) p50 %.1f ms p99 %.1f ms%n",
                percentile(tikaPerFile, 50), percentile(tikaPerFile, 99), percentile(workerPerFile, 50),
                percentile(workerPerFile, 99));
        double[] hundredW = hundredWorker.stream().mapToDouble(Double::doubleValue).toArray();
        double[] hundredI = hundredInProcess.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "100 KB .docx: worker (warm) p50 %.1f ms p99 %.1f ms; in-process p50 %.1f ms p99 %.1f ms%n",
                percentile(hundredW, 50), percentile(hundredW, 99), percentile(hundredI, 50), percentile(hundredI, 99));
        double[] coldTimes = cold.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "cold worker (JVM start, Tika and dictionaries loaded, first 100 KB .docx): p50 %.0f ms, max %.0f ms%n",
                percentile(coldTimes, 50), Arrays.stream(coldTimes).max().orElse(0));
        System.out.printf(Locale.ROOT, "worker resident memory after the run (VmHWM, peak): %.0f MB (heap limit 256 MB)%n",
                workerPeakKb / 1024.0);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static void tikaExtract(AutoDetectParser tika, Path file) throws Exception {
        BodyContentHandler handler = new BodyContentHandler(-1);
        try (InputStream in = TikaInputStream.get(file)) {
            tika.parse(in, handler, new Metadata(), new ParseContext());
        }
        if (handler.toString().isEmpty()) {
            throw new IllegalStateException("Tika extracted nothing from " + file);
        }
    }

    private static void check(Classification result) {
        if (result.status() != InspectionStatus.OK) {
            throw new IllegalStateException(result.path() + ": " + result.status() + " " + result.reason());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long peakRssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

package io.mamori.classifier.corpus;

import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Generates the labelled corpus and prints precision, recall and F2 per finding type:
 * {@code tools/evaluate-detection [DIRECTORY] [SEED]}.
 */
public final class EvaluateDetection {

    private EvaluateDetection() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/detection-corpus");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261123L;
        long started = System.nanoTime();
        CorpusGenerator.Corpus corpus = new CorpusGenerator(seed, LocalDate.now()).write(directory);
        Classifier classifier = new Classifier(ClassifierConfig.defaults());
        DetectionEvaluation.Report report = DetectionEvaluation.evaluate(classifier, corpus);
        System.out.printf("corpus: %d files in %s (seed %d)%n%n", corpus.labels().size(), directory.toAbsolutePath(), seed);
        System.out.println(report.table());
        report.uninspected().forEach(line -> System.out.println("not fully inspected: " + line));
        if (args.length > 2 && args[2].equals("--examples")) {
            report.examples().forEach(System.out::println);
        }
        System.out.printf("%ntook %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}

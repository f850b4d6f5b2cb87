package io.mamori.classifier.bench;

import io.mamori.classifier.detect.Gazetteer;
import io.mamori.classifier.detect.KeywordFamily;
import io.mamori.classifier.detect.SensitiveCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The detector-pass benchmark with its baseline, in one run: JMH measures the classifier's pass
 * over {@link BenchmarkText}; ripgrep, on one thread, searches the same text for the same
 * identifier patterns and the same keywords. Prints MB/s (10^6 bytes of UTF-8 per second) for
 * both and their ratio. {@code tools/bench-detectors [MEGABYTES]}.
 */
public final class DetectorThroughput {

    private DetectorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        String text = BenchmarkText.generate(megabytes, 42);
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        Path file = Files.createTempFile("mamori-bench", ".txt");
        Path patterns = Files.createTempFile("mamori-bench", ".patterns");
        try {
            Files.writeString(file, text);
            Files.write(patterns, ripgrepPatterns());
            Options options = new OptionsBuilder()
                    .include(DetectorPassBenchmark.class.getName())
                    .param("megabytes", String.valueOf(megabytes))
                    .forks(1).warmupIterations(8).warmupTime(TimeValue.seconds(3))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(3))
                    .jvmArgs("-Xmx3g", "-Xms3g")
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            double ripgrep = ripgrepMillis(file, patterns);
            System.out.println();
            System.out.printf(Locale.ROOT, "text: %,d bytes of UTF-8 (%d MB requested), %,d characters%n", bytes,
                    megabytes, text.length());
            double pass = 0;
            for (RunResult result : results) {
                String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                double millis = result.getPrimaryResult().getScore();
                double error = result.getPrimaryResult().getScoreError();
                double rate = bytes / 1e6 / (millis / 1000);
                System.out.printf(Locale.ROOT, "%-20s %8.1f ms ± %5.1f   %7.1f MB/s per core%n", name, millis, error, rate);
                if (name.equals("normalizeAndDetect")) {
                    pass = rate;
                }
            }
            double ripgrepRate = bytes / 1e6 / (ripgrep / 1000);
            System.out.printf(Locale.ROOT, "%-20s %8.1f ms (median of 10)  %7.1f MB/s, one thread (%s)%n", "ripgrep",
                    ripgrep, ripgrepRate, ripgrepVersion());
            System.out.printf(Locale.ROOT, "ratio detector pass / ripgrep: %.2f%n", pass / ripgrepRate);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(patterns);
        }
    }

    /**
     * The identifier patterns of the numeric and letter-coded detectors and the address pattern
     * (a municipality, a town name, a block number) as regular expressions, and every keyword of
     * the global keyword pass (supporting keywords, markers, sensitive words, prefectures) as a
     * literal, in upper and lower case where it has letters.
     */
    static List<String> ripgrepPatterns() {
        List<String> patterns = new ArrayList<>(List.of(
                "[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}",                        // My Number, licence
                "[0-9]{13}",                                                 // corporate number
                "[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}",            // cards
                "3[47][0-9]{2}[- ]?[0-9]{6}[- ]?[0-9]{5}",                    // Amex
                "0[0-9]{1,4}[-(]?[0-9]{1,4}[-)]?[0-9]{4}",                    // phones
                "\\+81[- ]?[0-9]{1,4}[- ]?[0-9]{1,4}[- ]?[0-9]{4}",           // international phones
                "[0-9]{3}-[0-9]{4}",                                         // postal codes
                "[0-9]{4}-[0-9]{6}",                                         // pension numbers
                "[0-9]{7}",                                                  // bank accounts
                "[0-9]{11}",                                                 // resident codes
                "[A-Z]{2}[0-9]{7}",                                          // passports
                "[A-Z]{2}[0-9]{8}[A-Z]{2}",                                  // residence cards
                "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",            // e-mail
                "(19|20)[0-9]{2}[/.-][0-9]{1,2}[/.-][0-9]{1,2}",              // western dates
                "(令和|平成|昭和|大正|明治)(元|[0-9]{1,2})年[0-9]{1,2}月[0-9]{1,2}日", // era dates
                "[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日",
                "[0-9一二三四五六七八九十]+丁目"));                               // address blocks
        StringBuilder municipalities = new StringBuilder("(?:");
        List<String> names = Gazetteer.instance().municipalityNames();
        for (int i = 0; i < names.size(); i++) {
            municipalities.append(i == 0 ? "" : "|").append(names.get(i));
        }
        // the address detector: a municipality, a town name of up to 24 characters, a block number
        patterns.add(municipalities + ")[\\p{Han}\\p{Hiragana}\\p{Katakana}ー々ヶ]{0,24}[0-9一二三四五六七八九十]");
        Set<String> literals = new LinkedHashSet<>();
        for (KeywordFamily family : KeywordFamily.values()) {
            literals.addAll(family.keywords());
        }
        for (SensitiveCategory category : SensitiveCategory.values()) {
            literals.addAll(category.strongWords());
            literals.addAll(category.weakWords());
        }
        literals.addAll(Gazetteer.PREFECTURES);
        for (String literal : literals) {
            patterns.add(Pattern.quote(literal).replace("\\Q", "").replace("\\E", "").replaceAll("([.+*?()\\[\\]{}|^$\\\\])",
                    "\\\\$1"));
            if (!literal.toLowerCase(Locale.ROOT).equals(literal.toUpperCase(Locale.ROOT))) {
                patterns.add(literal.toUpperCase(Locale.ROOT));
                patterns.add(Character.toUpperCase(literal.charAt(0)) + literal.substring(1));
            }
        }
        return patterns;
    }

    private static double ripgrepMillis(Path file, Path patterns) throws IOException, InterruptedException {
        List<String> command = List.of("rg", "-j1", "--count", "-f", patterns.toString(), file.toString());
        run(command); // warm the page cache and rg's own start
        double[] times = new double[10];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            run(command);
            times[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(times);
        return (times[4] + times[5]) / 2;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        if (exit > 1) {
            throw new IllegalStateException("ripgrep failed with exit status " + exit + ": " + command);
        }
    }

    private static String ripgrepVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("rg", "--version").start();
        String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .findFirst().orElse("rg");
        process.waitFor();
        return version;
    }
}

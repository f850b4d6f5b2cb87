package io.mamori.classifier.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.extract.OcrSettings;
import io.mamori.classifier.inspect.CachingInspector;
import io.mamori.classifier.inspect.InProcessInspector;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.classifier.inspect.InspectorConfig;
import io.mamori.classifier.inspect.MemoryResultCache;
import io.mamori.classifier.inspect.RoutingInspector;
import io.mamori.classifier.inspect.WorkerPool;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.finding.ReportableTrigger;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mamori scan [--json] [--min-confidence LOW|MEDIUM|HIGH] PATH…}: classifies files and
 * prints, per file, what was found — a table in the user's language, or one JSON object per line.
 * Exit status 0: nothing at or above the threshold and every file inspected; 1: something found;
 * 2: a file could not be inspected or a path could not be read (a finding takes precedence).
 */
@Command(name = "mamori scan", resourceBundle = "io.mamori.classifier.cli.messages", mixinStandardHelpOptions = true,
        versionProvider = ScanCommand.Version.class, sortOptions = false, usageHelpAutoWidth = true)
public final class ScanCommand implements Callable<Integer> {

    public static final int NOTHING_FOUND = 0;
    public static final int FOUND = 1;
    public static final int ERROR = 2;

    @Parameters(arity = "1..*", paramLabel = "PATH", descriptionKey = "paths")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--json", descriptionKey = "json")
    private boolean json;

    @Option(names = "--min-confidence", paramLabel = "LEVEL", descriptionKey = "min-confidence", defaultValue = "MEDIUM")
    private Confidence minConfidence = Confidence.MEDIUM;

    @Option(names = "--policy", paramLabel = "FILE", descriptionKey = "policy")
    private Path policy;

    @Option(names = "--workers", paramLabel = "N", descriptionKey = "workers")
    private Integer workers;

    @Option(names = "--in-process", descriptionKey = "in-process")
    private boolean inProcess;

    @Option(names = "--ocr", descriptionKey = "ocr")
    private boolean ocr;

    @Option(names = "--summary", descriptionKey = "summary")
    private boolean summary;

    private final PrintStream out;
    private final PrintStream err;
    private final ResourceBundle messages;
    private final ClassifierConfig config;

    public ScanCommand(PrintStream out, PrintStream err, Locale locale, ClassifierConfig config) {
        this.out = out;
        this.err = err;
        this.messages = ResourceBundle.getBundle("io.mamori.classifier.cli.messages", locale);
        this.config = config;
    }

    public static void main(String[] args) {
        CliSupport.quietLogging();
        Locale locale = CliSupport.chooseLocale();
        System.exit(run(args, CliSupport.utf8(FileDescriptor.out), CliSupport.utf8(FileDescriptor.err), locale,
                ClassifierConfig.defaults()));
    }

    /** Runs the command as {@link #main} does, with the streams and configuration given. */
    public static int run(String[] args, PrintStream out, PrintStream err, Locale locale, ClassifierConfig config) {
        CommandLine commandLine = new CommandLine(new ScanCommand(out, err, locale, config))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true));
        commandLine.setResourceBundle(ResourceBundle.getBundle("io.mamori.classifier.cli.messages", locale));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        ClassifierConfig effective = config;
        if (policy != null) {
            try {
                effective = config.withCustomDetectors(PolicyFiles.customDetectors(policy));
            } catch (IllegalArgumentException e) {
                err.println(format("error.policy", policy, e.getMessage()));
                return ERROR;
            }
        }
        if (ocr) {
            effective = effective.withOcr(OcrSettings.on(Duration.ofSeconds(60)));
        }
        if (workers != null && workers < 1) {
            err.println(format("error.workers", workers));
            return ERROR;
        }
        List<Path> files = new ArrayList<>();
        boolean pathErrors = collect(files);
        InspectorConfig inspectorConfig = workers == null ? InspectorConfig.defaults()
                : InspectorConfig.defaults().withWorkers(workers);
        int parallel = inProcess ? 1 : inspectorConfig.workers();
        Tally tally = new Tally();
        ClassifierConfig routed = effective;
        try (Inspector inspector = new CachingInspector(inProcess ? new InProcessInspector(effective)
                : new RoutingInspector(effective, () -> new WorkerPool(routed, inspectorConfig)), new MemoryResultCache(100_000),
                effective);
                Progress progress = new Progress(files, !json && System.console() != null && files.size() > 1)) {
            ExecutorService threads = Executors.newFixedThreadPool(parallel, r -> {
                Thread thread = new Thread(r, "mamori-scan");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<Classification>> results = new ArrayList<>();
                for (Path file : files) {
                    results.add(threads.submit(() -> progress.finished(inspector.inspect(file))));
                }
                for (Future<Classification> future : results) {
                    Classification result = future.get();
                    tally.add(result, minConfidence);
                    progress.clearLine();
                    if (json) {
                        out.println(jsonLine(result, minConfidence));
                    } else {
                        printHuman(result);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ERROR;
            } catch (ExecutionException e) {
                throw new IllegalStateException("inspection failed unexpectedly", e.getCause());
            } finally {
                threads.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!json && files.size() > 1) {
            out.println(format("totals", files.size(), tally.withFindings, tally.incomplete, tally.errors, seconds));
        }
        if (summary) {
            printSummary(tally, seconds);
        }
        if (tally.withFindings > 0) {
            return FOUND;
        }
        return tally.incomplete > 0 || tally.errors > 0 || pathErrors ? ERROR : NOTHING_FOUND;
    }

    /** What the files came to: counts by status, bytes, and the slowest files. */
    private static final class Tally {
        int withFindings;
        int incomplete;
        int errors;
        long bytes;
        final java.util.Map<InspectionStatus, Integer> statuses = new java.util.EnumMap<>(InspectionStatus.class);
        final List<Classification> all = new ArrayList<>();

        void add(Classification result, Confidence minimum) {
            all.add(result);
            bytes += result.size();
            statuses.merge(result.status(), 1, Integer::sum);
            if (result.hasFindings(minimum)) {
                withFindings++;
            }
            if (result.status() == InspectionStatus.ERROR) {
                errors++;
            } else if (result.status() != InspectionStatus.OK) {
                incomplete++;
            }
        }
    }

    private void printSummary(Tally tally, double seconds) {
        PrintStream target = json ? err : out;
        target.println(format("summary.heading"));
        tally.statuses.forEach((status, count) -> target.println(format("summary.status", status,
                messages.getString("status." + status.name()), count)));
        target.println(format("summary.rate", tally.bytes / 1e6, seconds, tally.bytes / 1e6 / Math.max(seconds, 1e-9)));
        target.println(format("summary.slowest"));
        tally.all.stream().sorted(java.util.Comparator.comparingLong(Classification::elapsedMs).reversed()).limit(10)
                .forEach(c -> target.println(format("summary.slow", c.elapsedMs(), c.size(), c.status(), c.path())));
    }

    /** Files done out of all, and MB/s, on one line of standard error while a terminal watches. */
    private final class Progress implements AutoCloseable {
        private final int total;
        private final long totalBytes;
        private final boolean enabled;
        private final long startedNanos = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService ticker;

        Progress(List<Path> files, boolean enabled) {
            this.total = files.size();
            this.totalBytes = files.stream().mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
            this.enabled = enabled;
            this.ticker = enabled ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "mamori-scan-progress");
                thread.setDaemon(true);
                return thread;
            }) : null;
            if (enabled) {
                ticker.scheduleAtFixedRate(this::show, 250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        Classification finished(Classification result) {
            done.incrementAndGet();
            bytes.addAndGet(result.size());
            return result;
        }

        private synchronized void show() {
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            err.print("\r\033[K" + format("progress", done.get(), total, bytes.get() / 1e6, totalBytes / 1e6,
                    bytes.get() / 1e6 / Math.max(seconds, 1e-9)));
            err.flush();
        }

        synchronized void clearLine() {
            if (enabled) {
                err.print("\r\033[K");
                err.flush();
            }
        }

        @Override
        public void close() {
            if (ticker != null) {
                ticker.shutdownNow();
                clearLine();
            }
        }
    }

    /** Every regular file under the given paths, sorted; reports paths that cannot be read. */
    private boolean collect(List<Path> files) {
        boolean failed = false;
        for (Path path : paths) {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                err.println(format("error.path", path));
                failed = true;
                continue;
            }
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            List<Path> found = new ArrayList<>();
            final boolean[] walkFailed = {false};
            try {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        err.println(format("error.walk", file, e.getClass().getSimpleName()));
                        walkFailed[0] = true;
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                err.println(format("error.walk", path, e.getClass().getSimpleName()));
                failed = true;
            }
            failed |= walkFailed[0];
            found.sort(null);
            files.addAll(found);
        }
        return failed;
    }

    private void printHuman(Classification result) {
        out.println(format("file.header", result.path()));
        out.println(format("file.type", result.mediaType() == null ? messages.getString("type.unknown") : result.mediaType(), messages.getString("status."
                + result.status().name())));
        if (result.reason() != null) {
            out.println(format("file.reason", result.reason()));
        }
        List<FindingSummary> summaries = result.summaries(minConfidence);
        if (summaries.isEmpty()) {
            out.println(format("file.clean", minConfidence));
        }
        for (FindingSummary summary : summaries) {
            out.println(format("file.finding", summary.type().id(), summary.confidence(), summary.count(),
                    String.join(", ", summary.samples())));
        }
        if (result.people() > 0) {
            out.println(format("file.people", result.people()));
        }
        if (!result.reportable().isEmpty()) {
            out.println(format("file.reportable", result.reportable().stream().sorted()
                    .map(t -> messages.getString("reportable." + t.name())).collect(Collectors.joining("; "))));
        }
        out.println();
    }

    /**
     * One line of {@code --json}: {@code path, mediaType, status, [reason], sha256, findings,
     * people, reportable, elapsedMs}, in that order.
     */
    static String jsonLine(Classification result, Confidence minimum) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (JsonGenerator json = new JsonFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("path", result.path());
            writeNullable(json, "mediaType", result.mediaType());
            json.writeStringField("status", result.status().name());
            if (result.reason() != null) {
                json.writeStringField("reason", result.reason());
            }
            writeNullable(json, "sha256", result.sha256());
            json.writeArrayFieldStart("findings");
            for (FindingSummary summary : result.summaries(minimum)) {
                json.writeStartObject();
                json.writeStringField("type", summary.type().id());
                json.writeStringField("confidence", summary.confidence().name());
                json.writeNumberField("count", summary.count());
                json.writeArrayFieldStart("samples");
                for (String sample : summary.samples()) {
                    json.writeString(sample);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("people", result.people());
            json.writeArrayFieldStart("reportable");
            for (ReportableTrigger trigger : result.reportable().stream().sorted().toList()) {
                json.writeString(trigger.name());
            }
            json.writeEndArray();
            json.writeNumberField("elapsedMs", result.elapsedMs());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void writeNullable(JsonGenerator json, String field, String value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value);
        }
    }

    private String format(String key, Object... arguments) {
        return String.format(messages.getLocale(), messages.getString(key), arguments);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ScanCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mamori scan " + (version == null ? "(development build)" : version)};
        }
    }
}

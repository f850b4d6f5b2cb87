package io.mamori.classifier.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
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
import java.util.concurrent.Callable;
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
        List<Path> files = new ArrayList<>();
        boolean pathErrors = collect(files);
        Classifier classifier = new Classifier(effective);
        boolean progress = !json && files.size() > 1 && System.console() != null;
        int withFindings = 0;
        int incomplete = 0;
        int errors = pathErrors ? 1 : 0;
        for (int i = 0; i < files.size(); i++) {
            if (progress) {
                err.print(format("progress", i + 1, files.size(), files.get(i).getFileName()));
                err.flush();
            }
            Classification result = classifier.classify(files.get(i));
            if (progress) {
                err.print("\r\033[K");
            }
            if (result.hasFindings(minConfidence)) {
                withFindings++;
            }
            if (result.status() == InspectionStatus.ERROR) {
                errors++;
            } else if (result.status() != InspectionStatus.OK) {
                incomplete++;
            }
            if (json) {
                out.println(jsonLine(result, minConfidence));
            } else {
                printHuman(result);
            }
        }
        if (!json && files.size() > 1) {
            out.println(format("summary", files.size(), withFindings, incomplete, errors,
                    (System.nanoTime() - started) / 1e9));
        }
        if (withFindings > 0) {
            return FOUND;
        }
        return incomplete > 0 || errors > 0 ? ERROR : NOTHING_FOUND;
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
        out.println(format("file.type", String.valueOf(result.mediaType()), messages.getString("status."
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

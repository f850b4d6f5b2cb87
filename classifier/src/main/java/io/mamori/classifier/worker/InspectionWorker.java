package io.mamori.classifier.worker;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.extract.TableLayout;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The inspection worker: a separate JVM with a small fixed heap that classifies one file at a
 * time for its supervisor ({@code WorkerPool}), so that a hostile or broken file can at worst
 * take this process down, never the agent. Reads its setup and then requests from standard input;
 * writes "ready" and then one answer per request to standard output, and nothing else there.
 */
public final class InspectionWorker {

    private InspectionWorker() {
    }

    public static void main(String[] args) throws IOException {
        // Standard output is the protocol channel: everything else that prints goes to stderr.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String setupLine = in.readLine();
        if (setupLine == null) {
            return;
        }
        WorkerMessages.Setup setup = WorkerMessages.mapper().readValue(setupLine, WorkerMessages.Setup.class);
        Classifier classifier = new Classifier(setup.toConfig());
        classifier.classifyText("氏名：山田 太郎 様", TableLayout.empty()); // load the dictionaries before the first file
        protocol.println(WorkerMessages.mapper().writeValueAsString(
                new WorkerMessages.Ready(true, ProcessHandle.current().pid())));
        Classifier glancing = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            WorkerMessages.Request request = WorkerMessages.mapper().readValue(line, WorkerMessages.Request.class);
            Classification result;
            try {
                Classifier chosen = classifier;
                Integer maxChars = request.maxChars();
                if (maxChars != null && maxChars < classifier.config().limits().maxChars()) {
                    if (glancing == null || glancing.config().limits().maxChars() != maxChars) {
                        glancing = new Classifier(classifier.config().withLimits(classifier.config().limits().withMaxChars(maxChars)));
                    }
                    chosen = glancing;
                }
                result = chosen.classify(Path.of(request.path()), request.sha256());
            } catch (RuntimeException e) {
                result = Classification.notInspected(request.path(), null, InspectionStatus.ERROR,
                        "the inspection worker failed: " + e.getClass().getSimpleName(), request.sha256(), 0, 0);
            }
            protocol.println(WorkerMessages.mapper().writeValueAsString(new WorkerMessages.Response(request.id(), result)));
        }
    }
}

package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.worker.InspectionWorker;
import io.mamori.classifier.worker.WorkerMessages;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One inspection worker JVM and the pipes to it. Used by one thread at a time (the pool hands it
 * out); a reader thread turns the worker's standard output into lines.
 */
final class WorkerProcess implements AutoCloseable {

    /** Exit status of a JVM stopped by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;
    private static final String END = "\u0000end";

    /** How one request ended. */
    sealed interface Outcome permits Done, TimedOut, Died {
    }

    record Done(Classification result) implements Outcome {
    }

    record TimedOut() implements Outcome {
    }

    record Died(int exitStatus) implements Outcome {
    }

    /** How much lower than its supervisor's the worker's scheduling priority is. */
    static final int NICENESS = 10;

    private final Process process;
    private final BufferedWriter requests;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private long nextId;
    private volatile long lastUsedNanos = System.nanoTime();

    private WorkerProcess(Process process) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(this::readLines, "mamori-worker-" + process.pid() + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> logErrors(process), "mamori-worker-" + process.pid() + "-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    private static void logErrors(Process process) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkerProcess.class);
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (log.isDebugEnabled()) {
                    // one line, no control characters, bounded: a file name in a message cannot forge log lines
                    String clean = line.replaceAll("\\p{Cntrl}", "?");
                    log.debug("inspection worker {}: {}", process.pid(), clean.length() > 500 ? clean.substring(0, 500) + "…" : clean);
                }
            }
        } catch (IOException e) {
            // the worker is gone; nothing more to read
        }
    }

    /** Starts a worker and waits until it is ready, or gives up (and kills it) after the startup timeout. */
    static WorkerProcess start(InspectorConfig config, WorkerMessages.Setup setup) throws IOException {
        List<String> command = new ArrayList<>();
        // Inspection yields the processor to what the person is doing: the worker runs at a
        // lower scheduling priority where the system has nice(1).
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(nice))) {
                command.addAll(List.of(nice, "-n", Integer.toString(NICENESS)));
                break;
            }
        }
        command.add(javaCommand());
        command.add("-Xmx" + config.heapMegabytes() + "m");
        command.add("-Xms16m");
        command.add("-Xss4m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+DisplayVMOutputToStderr"); // the JVM's own messages must not reach the protocol channel
        // the parallel collector, on two threads: a large file is read on two detection threads
        // that allocate fast, and under the serial one its 256 MB heap stayed small and collected
        // every ~10 ms with everything stopped (docs/benchmarks.md, "Large CSV")
        command.add("-XX:+UseParallelGC");
        command.add("-XX:ParallelGCThreads=2");
        command.add("-XX:TieredStopAtLevel=4");
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dlogback.configurationFile=io/mamori/classifier/cli/logback-cli.xml");
        // Whatever the parsers write while reading a file (Tika's spooled entries, Tesseract's text
        // of an image, which is the image's words) goes into a folder of this worker's own that only
        // its user can open, and the folder goes when the worker does, however it ends: an OCR
        // stopped at its time limit left Tesseract's empty output in the shared /tmp.
        Path temporary = WorkerTemporaryFolders.create(Path.of(System.getProperty("java.io.tmpdir")));
        command.add("-Djava.io.tmpdir=" + temporary);
        command.addAll(config.extraJvmArgs());
        command.add("-cp");
        // a process whose own class path leaves out the extraction libraries names the workers' (the agent)
        command.add(System.getProperty("mamori.worker.class-path", System.getProperty("java.class.path")));
        command.add(InspectionWorker.class.getName());
        // The worker's standard error (the JVM's own messages, e.g. "Terminating due to
        // java.lang.OutOfMemoryError") goes to this process's log at debug level, not to the person's
        // terminal: the file's status already says what happened, with the limit named.
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String variable : List.of("TMPDIR", "TMP", "TEMP")) { // what Tesseract and other programs use
            builder.environment().put(variable, temporary.toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            WorkerTemporaryFolders.delete(temporary);
            throw e;
        }
        process.onExit().thenRun(() -> WorkerTemporaryFolders.delete(temporary));
        WorkerProcess worker = new WorkerProcess(process);
        try {
            worker.send(WorkerMessages.mapper().writeValueAsString(setup));
            String ready = worker.lines.poll(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (ready == null || ready.equals(END)) {
                worker.kill();
                throw new IOException(ready == null ? "the inspection worker was not ready within "
                        + config.startupTimeout().toSeconds() + " s" : "the inspection worker stopped while starting");
            }
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the inspection worker was starting", e);
        }
        return worker;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Sends one file and waits for the answer, at most {@code timeout}; a late worker is killed. */
    Outcome inspect(Path file, String sha256, Integer maxChars, Duration timeout) throws InterruptedException {
        lastUsedNanos = System.nanoTime();
        long id = ++nextId;
        try {
            send(WorkerMessages.mapper().writeValueAsString(new WorkerMessages.Request(id, file.toString(), sha256, maxChars)));
        } catch (IOException e) {
            return died();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                kill();
                return new TimedOut();
            }
            if (line.equals(END)) {
                return died();
            }
            try {
                WorkerMessages.Response response = WorkerMessages.mapper().readValue(line, WorkerMessages.Response.class);
                if (response.id() == id) {
                    lastUsedNanos = System.nanoTime();
                    return new Done(response.result());
                }
            } catch (IOException e) {
                // a worker that says things we cannot read is not trusted with more files: it is
                // given a moment to exit by itself (its exit status says why), then stopped
                return died();
            }
        }
    }

    private Outcome died() throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            kill();
        }
        return new Died(process.exitValue());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastUsedNanos);
    }

    private void send(String line) throws IOException {
        requests.write(line);
        requests.write('\n');
        requests.flush();
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the worker went away; the END marker below says so
        } finally {
            lines.add(END);
        }
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the worker to finish (end of its input) and makes sure it does. */
    @Override
    public void close() {
        try {
            requests.close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }
}

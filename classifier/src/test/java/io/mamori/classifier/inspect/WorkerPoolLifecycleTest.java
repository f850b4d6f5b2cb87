package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor starts, reuses, stops and replaces workers, and the caller always gets a status. */
class WorkerPoolLifecycleTest {

    /** Linear in the text under RE2/J, but slow: every character steps a 900-state automaton. */
    private static final String SLOW_PATTERN = "(a{1,30}){1,30}$";
    private static final String SLOW_TEXT = "a".repeat(1_000_000) + "b";

    @TempDir
    Path dir;

    private Path personal(String name) throws IOException {
        return Files.writeString(dir.resolve(name), HostileFiles.PERSONAL);
    }

    @Test
    void aWorkerIsStartedOnDemandAndReusedWhileBusy() throws IOException {
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            assertThat(pool.startedWorkers()).isZero();
            for (int i = 0; i < 5; i++) {
                Classification result = pool.inspect(personal("f" + i + ".txt"));
                assertThat(result.hasFindings(Confidence.HIGH)).isTrue();
            }
            assertThat(pool.startedWorkers()).isEqualTo(1);
            assertThat(pool.replacedWorkers()).isZero();
        }
    }

    @Test
    void aWorkerPreparedAheadOfAFileIsTheOneThatInspectsIt() throws Exception {
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(2))) {
            Path file = personal("prepared.txt");
            pool.prepare(file);
            pool.prepare(file); // already being started: no second one
            assertThat(pool.runningWorkers()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.idleWorkerPids().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pool.idleWorkerPids()).hasSize(1);
            long pid = pool.idleWorkerPids().get(0);
            pool.prepare(file); // one is idle: nothing to start
            assertThat(pool.inspect(file).hasFindings(Confidence.HIGH)).isTrue();
            assertThat(pool.startedWorkers()).isEqualTo(1);
            assertThat(pool.idleWorkerPids()).containsExactly(pid);
        }
    }

    @Test
    void aFileThatComesWhileItsWorkerIsStillStartingWaitsForThatOne() throws IOException {
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(2))) {
            Path file = personal("early.txt");
            pool.prepare(file);
            assertThat(pool.inspect(file).hasFindings(Confidence.HIGH)).isTrue();
            assertThat(pool.startedWorkers()).isEqualTo(1);
            assertThat(pool.runningWorkers()).isEqualTo(1);
        }
    }

    @Test
    void anIdleWorkerIsStoppedAndANewOneStartedWhenNeeded() throws Exception {
        InspectorConfig config = InspectorConfig.defaults().withWorkers(1).withIdleStop(Duration.ofMillis(400));
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), config)) {
            pool.inspect(personal("a.txt"));
            assertThat(pool.runningWorkers()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.runningWorkers() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(pool.runningWorkers()).isZero();
            assertThat(pool.inspect(personal("b.txt")).status()).isEqualTo(InspectionStatus.OK);
            assertThat(pool.startedWorkers()).isEqualTo(2);
        }
    }

    @Test
    void aFileThatHangsTheWorkerTimesOutAndTheWorkerIsReplaced() throws IOException {
        // RE2/J runs every policy pattern in linear time, but a counted repetition of a counted repetition is a
        // 900-state automaton stepped for every character: a million a's keep the worker busy far past its deadline
        CustomDetectorSpec evil = new CustomDetectorSpec("evil", List.of(), List.of(SLOW_PATTERN), null, true);
        ClassifierConfig classifier = ClassifierConfig.defaults().withCustomDetectors(List.of(evil));
        InspectorConfig config = InspectorConfig.defaults().withWorkers(1)
                .withTimeouts(Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(3));
        try (WorkerPool pool = new WorkerPool(classifier, config)) {
            Path hanging = Files.writeString(dir.resolve("hang.txt"), SLOW_TEXT);
            long started = System.nanoTime();
            Classification result = pool.inspect(hanging);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(result.status()).isEqualTo(InspectionStatus.TIMEOUT);
            assertThat(result.reason()).contains("time limit").contains("longer than 3 s");
            assertThat(result.sha256()).hasSize(64);
            assertThat(pool.replacedWorkers()).isEqualTo(1);
            assertThat(pool.inspect(personal("next.txt")).status()).isEqualTo(InspectionStatus.OK);
            assertThat(pool.startedWorkers()).isEqualTo(2);
        }
    }

    @Test
    void aFileThatExhaustsTheWorkersMemoryIsTooLargeAndTheWorkerIsReplaced() throws IOException {
        // enough heap to start (Tika and the dictionaries), not enough for this file
        // and a time limit no slow hour reaches: this test is about memory (the time limit has its own test above);
        // with the default (26 s for this file) a CI run on a busy machine was stopped for time before memory ran out
        InspectorConfig config = InspectorConfig.defaults().withWorkers(1).withHeap(112)
                .withTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(2), Duration.ofSeconds(180));
        // the JVM's own "Terminating due to java.lang.OutOfMemoryError" goes to the log, not to the person's terminal
        ch.qos.logback.classic.Logger workerLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WorkerProcess.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Level before = workerLog.getLevel();
        workerLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        workerLog.addAppender(logged);
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), config)) {
            // text streams through in constant memory; a spreadsheet's shared strings are held whole by its parser
            Path big = HostileFiles.workbookWithManySharedStrings(dir.resolve("big.xlsx"), 3_000_000);
            Classification result = pool.inspect(big);
            assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.TOO_LARGE);
            assertThat(result.reason()).contains("memory limit").contains("more memory");
            assertThat(pool.replacedWorkers()).isEqualTo(1);
            assertThat(pool.inspect(personal("after.txt")).status()).isEqualTo(InspectionStatus.OK);
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.contains("OutOfMemoryError"));
        } finally {
            workerLog.detachAppender(logged);
            workerLog.setLevel(before);
        }
    }

    @Test
    void workersRunAtALowerSchedulingPriority() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/nice")), "no nice(1) here");
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            pool.inspect(personal("warm.txt"));
            List<ProcessHandle> workers = ProcessHandle.current().descendants().toList();
            assertThat(workers).isNotEmpty();
            int own = niceness(ProcessHandle.current().pid());
            for (ProcessHandle worker : workers) {
                assertThat(niceness(worker.pid())).isEqualTo(Math.min(19, own + WorkerProcess.NICENESS));
            }
        }
    }

    @Test
    void aWorkerWritesInAFolderOfItsOwnThatGoesWithIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")),
                "the worker's command line and environment are read from /proc (Linux)");
        Path folder;
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            pool.inspect(personal("warm.txt"));
            long pid = pool.idleWorkerPids().get(0);
            folder = temporaryFolderOf(pid);
            assertThat(folder.getFileName().toString()).startsWith("mamori-worker-");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                    .isEqualTo("rwx------");
            assertThat(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"))
                    .contains("TMPDIR=" + folder);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(folder) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void theFolderOfAWorkerWhoseSupervisorWasKilledGoesWhenTheNextPoolStarts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")),
                "the worker's command line is read from /proc (Linux)");
        // a supervisor in a JVM of its own, killed (SIGKILL) while its worker is running: nothing
        // in it runs its clean-up, and the worker ends when its input does
        Process supervisor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Supervisor.class.getName(), personal("warm.txt").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String[] reported;
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(supervisor.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the supervisor's worker and folder").isNotNull();
            reported = line.split(" ", 2);
        } finally {
            supervisor.destroyForcibly();
        }
        assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(reported[0])).orElse(null);
        if (worker != null) {
            worker.onExit().get(30, TimeUnit.SECONDS);
        }
        Path folder = Path.of(reported[1]);
        assertThat(folder).as("left behind by the killed supervisor").isDirectory();

        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            assertThat(folder).doesNotExist();
        }
    }

    /** Inspects one file through a pool, prints its worker's PID and temporary folder, and waits to be killed. */
    static final class Supervisor {
        public static void main(String[] args) throws Exception {
            WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1));
            pool.inspect(Path.of(args[0]));
            long pid = pool.idleWorkerPids().get(0);
            System.out.println(pid + " " + temporaryFolderOf(pid));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** The temporary folder on a worker's command line (read from /proc). */
    private static Path temporaryFolderOf(long pid) throws IOException {
        String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        java.util.regex.Matcher tmpdir = java.util.regex.Pattern.compile("-Djava\\.io\\.tmpdir=(\\S+)").matcher(commandLine);
        assertThat(tmpdir.find()).as("a temporary folder on the worker's command line: %s", commandLine).isTrue();
        return Path.of(tmpdir.group(1));
    }

    private static int niceness(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void aWorkerKilledMidInspectionGivesAnErrorAndIsReplaced() throws Exception {
        CustomDetectorSpec slow = new CustomDetectorSpec("slow", List.of(), List.of(SLOW_PATTERN), null, true);
        ClassifierConfig classifier = ClassifierConfig.defaults().withCustomDetectors(List.of(slow));
        try (WorkerPool pool = new WorkerPool(classifier, InspectorConfig.defaults().withWorkers(1))) {
            pool.inspect(personal("warm.txt"));
            long before = ProcessHandle.current().descendants().count();
            Path hanging = Files.writeString(dir.resolve("hang.txt"), SLOW_TEXT);
            CompletableFuture<Classification> pending = CompletableFuture.supplyAsync(() -> pool.inspect(hanging));
            Thread.sleep(1500);
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Classification result = pending.get(30, TimeUnit.SECONDS);
            assertThat(before).isPositive();
            assertThat(result.status()).isEqualTo(InspectionStatus.ERROR);
            assertThat(result.reason()).contains("stopped unexpectedly");
            assertThat(pool.inspect(personal("again.txt")).status()).isEqualTo(InspectionStatus.OK);
        }
    }

    @Test
    void aClosedPoolAnswersWithAnErrorAndLeavesNoWorkers() throws IOException {
        WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1));
        pool.inspect(personal("x.txt"));
        pool.close();
        assertThat(pool.inspect(personal("y.txt")).status()).isEqualTo(InspectionStatus.ERROR);
        assertThat(pool.runningWorkers()).isZero();
    }
}

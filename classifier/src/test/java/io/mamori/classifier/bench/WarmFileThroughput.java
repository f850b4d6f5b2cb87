package io.mamori.classifier.bench;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One file classified again and again in this JVM (as a long-lived worker would), each round's
 * wall time, MB/s and the process's CPU time per MB (every thread: reading, both detection threads,
 * the garbage collector, the JIT compiler). The first round includes the JIT's warm-up, the later
 * ones show the warm pipeline without the cost of starting processes.
 * {@code tools/bench-big-csv --in-process [MiB] [rounds]}.
 */
public final class WarmFileThroughput {

    private WarmFileThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        double megabytes = Files.size(file) / 1e6;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Classifier classifier = new Classifier(ClassifierConfig.defaults());
        System.out.printf(Locale.ROOT, "%s: %.1f MB, %d rounds in one JVM (max heap %d MB)%n", file.getFileName(),
                megabytes, rounds, Runtime.getRuntime().maxMemory() >> 20);
        for (int round = 1; round <= rounds; round++) {
            long wallStart = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            Classification result = classifier.classify(file);
            double seconds = (System.nanoTime() - wallStart) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "round %d%s: %6.2f s  %6.1f MB/s  CPU %6.2f s = %5.1f ms/MB  %s, people %d%n",
                    round, round == 1 ? " (cold)" : "", seconds, megabytes / seconds, cpuSeconds,
                    cpuSeconds * 1000 / megabytes, result.status(), result.people());
        }
    }
}

package io.mamori.agent.bench;

import io.mamori.agent.platform.Platform;
import io.mamori.agent.patch.PatchStatusProbe;
import io.mamori.protocol.patch.PatchStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What measuring the patch level costs on this machine ({@code tools/bench-agent-patch}): the
 * agent's probe run N times, wall time and the CPU of the programs it starts; baseline in the same
 * run: {@code apt-get -s dist-upgrade} alone, started directly, the same N times.
 *
 * Usage: {@code PatchProbeTiming [rounds]}
 */
public final class PatchProbeTiming {

    private PatchProbeTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        PatchStatusProbe probe = Platform.patchStatusProbe(Clock.systemUTC());
        PatchStatus last = probe.measure(); // warm-up
        double[] probeWall = new double[rounds];
        double[] probeChildCpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double cpu = childCpuSeconds();
            long start = System.nanoTime();
            last = probe.measure();
            probeWall[i] = (System.nanoTime() - start) / 1e6;
            probeChildCpu[i] = (childCpuSeconds() - cpu) * 1000;
        }
        double[] aptWall = new double[rounds];
        double[] aptCpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double cpu = childCpuSeconds();
            long start = System.nanoTime();
            Process apt = new ProcessBuilder(List.of("apt-get", "-s", "dist-upgrade")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!apt.waitFor(3, TimeUnit.MINUTES)) {
                apt.destroyForcibly();
                throw new IllegalStateException("apt-get -s took more than 3 minutes");
            }
            aptWall[i] = (System.nanoTime() - start) / 1e6;
            aptCpu[i] = (childCpuSeconds() - cpu) * 1000;
        }
        System.out.println("last measurement: " + last);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %14s%n", "", "p50 ms", "max ms", "child CPU p50 ms");
        print("agent probe (measure())", probeWall, probeChildCpu);
        print("baseline: apt-get -s dist-upgrade", aptWall, aptCpu);
    }

    private static void print(String name, double[] wall, double[] cpu) {
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-34s %9.1f %9.1f %14.1f%n", name, wall[wall.length / 2], wall[wall.length - 1],
                cpu[cpu.length / 2]);
    }

    /** CPU time of this process's waited-for children (utime + stime of /proc/self/stat's cutime, cstime). */
    private static double childCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: field 3 is state; cutime and cstime are fields 16 and 17 (1-based), i.e. 13 and 14 here
        long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return ticks / 100.0;
    }
}

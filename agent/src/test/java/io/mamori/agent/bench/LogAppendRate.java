package io.mamori.agent.bench;

import io.mamori.agent.log.AgentKey;
import io.mamori.agent.log.OperationLog;
import io.mamori.agent.state.StateDirectory;
import io.mamori.agent.testing.TestEvents;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * How fast the operation log takes events ({@code tools/bench-agent-log [N]}): N durable appends
 * (one transaction and one fsync each) in a state directory under {@code $TMPDIR}, after 200 to
 * warm up. Baseline, same run, same disk: N writes of the same JSON to a plain file, each
 * followed by an fsync — the floor any durable log pays.
 */
public final class LogAppendRate {

    private LogAppendRate() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("mamori-log-bench-");
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        AgentId agent = AgentId.parse(UUID.randomUUID().toString());
        try (OperationLog log = OperationLog.open(state.operationLog(), AgentKey.loadOrCreate(state), Clock.systemUTC(), 1000,
                Duration.ofMinutes(10))) {
            for (int i = 0; i < 200; i++) {
                log.append(TestEvents.fileWritten(agent, Action.AUDIT));
            }
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                log.append(TestEvents.fileWritten(agent, Action.AUDIT));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "operation log: %d appends in %.2f s = %.0f events/s%n", n, seconds, n / seconds);
        }
        Event sample = TestEvents.fileWritten(agent, Action.AUDIT);
        byte[] line = (ProtocolJson.write(sample) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(dir.resolve("plain.log"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)) {
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                file.write(java.nio.ByteBuffer.wrap(line));
                file.force(false);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "  baseline (append + fsync to a plain file): %.0f writes/s%n", n / seconds);
        }
        System.out.println("  on " + dir);
    }
}

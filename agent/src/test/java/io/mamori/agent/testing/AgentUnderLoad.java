package io.mamori.agent.testing;

import io.mamori.agent.config.AgentConfig;
import io.mamori.agent.service.AgentService;
import io.mamori.agent.state.AgentIdentity;
import io.mamori.agent.state.StateDirectory;
import io.mamori.protocol.policy.Action;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real agent process that records a synthetic event every few milliseconds while it ships
 * them: what the fault tests kill. Prints "ready" once it runs. Stops cleanly on SIGTERM.
 * Usage: {@code AgentUnderLoad STATE_DIR EVENT_INTERVAL_MS}
 */
public final class AgentUnderLoad {

    private AgentUnderLoad() {
    }

    public static void main(String[] args) throws Exception {
        StateDirectory state = StateDirectory.open(Path.of(args[0]));
        long interval = Long.parseLong(args[1]);
        AgentIdentity identity = AgentIdentity.load(state).orElseThrow();
        AgentConfig d = AgentConfig.defaults();
        AgentConfig config = new AgentConfig(100, d.outboxMaxEvents(), d.outboxMaxAge(), d.retention(), d.maxLogBytes(), 50,
                d.checkpointInterval(), Duration.ofSeconds(10), null, d.stallAfter(),
                new AgentConfig.Media(false, d.media().operationGap(), 1, java.util.List.of(), false, null,
                        d.media().watcher(), d.media().pollInterval()), d.indexer());
        AgentService agent = AgentService.start(state, identity, config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop));
        System.out.println("ready");
        System.out.flush();
        int n = 0;
        while (interval > 0) {
            agent.recorder().record(TestEvents.fileWritten(identity.agentId(), n++ % 4 == 0 ? Action.BLOCK : Action.AUDIT));
            Thread.sleep(interval);
        }
        Thread.currentThread().join();
    }
}

package io.mamori.console.agents;

import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes agents' heartbeats to the database in batches: every couple of seconds one transaction
 * updates every agent heard from meanwhile. 50,000 agents at one heartbeat a minute are ~830
 * heartbeats a second; one durable write each would make the database's commit rate, not the
 * console, the limit. What can be lost in a crash is a few seconds of "last seen" — the next
 * heartbeat brings it again. Reads on this node see the newest heartbeat at once ({@link #overlay}).
 */
@Singleton
public class HeartbeatRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRecorder.class);

    private record Pending(Heartbeat heartbeat, Instant receivedAt) {
    }

    private final Database database;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    public HeartbeatRecorder(Database database) {
        this.database = database;
    }

    public void record(String agentId, Heartbeat heartbeat, Instant receivedAt) {
        pending.merge(agentId, new Pending(heartbeat, receivedAt), (older, newer) -> newer.heartbeat().patch() != null
                || older.heartbeat().patch() == null ? newer
                : new Pending(withPatch(newer.heartbeat(), older.heartbeat()), newer.receivedAt()));
    }

    @Scheduled(fixedDelay = "${mamori.console.heartbeat-flush-interval:2s}")
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Pending>> batch = new ArrayList<>();
        for (String agentId : List.copyOf(pending.keySet())) {
            Pending taken = pending.remove(agentId);
            if (taken != null) {
                batch.add(Map.entry(agentId, taken));
            }
        }
        try {
            database.write(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE agent SET last_seen_at = ?, status = ?,"
                        + " agent_version = ?, os_version = COALESCE(?, os_version), policy_version = ?, queue_length = ?,"
                        + " dropped_events = ?, patch = COALESCE(?, patch), media_watch = COALESCE(?, media_watch) WHERE id = ?")) {
                    for (Map.Entry<String, Pending> entry : batch) {
                        Heartbeat heartbeat = entry.getValue().heartbeat();
                        Rows.setInstant(update, 1, entry.getValue().receivedAt());
                        update.setString(2, heartbeat.status().name());
                        update.setString(3, heartbeat.agentVersion());
                        Rows.setText(update, 4, heartbeat.osVersion());
                        update.setLong(5, heartbeat.policyVersion());
                        update.setLong(6, heartbeat.queueLength());
                        update.setLong(7, heartbeat.droppedEvents());
                        Rows.setText(update, 8, heartbeat.patch() == null ? null : ProtocolJson.write(heartbeat.patch()));
                        Rows.setText(update, 9, heartbeat.mediaWatch() == null ? null : ProtocolJson.write(heartbeat.mediaWatch()));
                        update.setString(10, entry.getKey());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                return null;
            });
        } catch (RuntimeException e) {
            for (Map.Entry<String, Pending> entry : batch) {
                pending.putIfAbsent(entry.getKey(), entry.getValue());
            }
            LOG.warn("could not record {} heartbeats; will retry: {}", batch.size(), e.getMessage());
        }
    }

    @PreDestroy
    public void close() {
        flush();
    }

    /** The agent as stored, with a heartbeat this node has not written yet applied. */
    AgentRegistry.AgentView overlay(AgentRegistry.AgentView stored) {
        Pending newer = pending.get(stored.id());
        if (newer == null || stored.revokedAt() != null) {
            return stored;
        }
        Heartbeat h = newer.heartbeat();
        return new AgentRegistry.AgentView(stored.id(), stored.hostname(), stored.os(),
                h.osVersion() == null ? stored.osVersion() : h.osVersion(), h.agentVersion(), stored.groupId(), stored.keyId(),
                stored.tokenId(), stored.enrolledAt(), newer.receivedAt(), h.status().name(), true, h.policyVersion(),
                h.queueLength(), h.droppedEvents(), h.patch() == null ? stored.patch() : ProtocolJson.toTree(h.patch()),
                h.mediaWatch() == null ? stored.mediaWatch() : ProtocolJson.toTree(h.mediaWatch()), stored.revokedAt());
    }

    private static Heartbeat withPatch(Heartbeat heartbeat, Heartbeat patchFrom) {
        return new Heartbeat(heartbeat.sentAt(), heartbeat.status(), heartbeat.agentVersion(), heartbeat.osVersion(),
                heartbeat.policyVersion(), heartbeat.queueLength(), heartbeat.droppedEvents(), patchFrom.patch(),
                heartbeat.mediaWatch() != null ? heartbeat.mediaWatch() : patchFrom.mediaWatch());
    }
}

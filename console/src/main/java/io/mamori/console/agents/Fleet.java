package io.mamori.console.agents;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.policy.PolicyStore;
import io.mamori.console.storage.Database;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.patch.PatchCompliance;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.patch.PatchThresholds;
import io.mamori.protocol.policy.Policy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's patch compliance: each agent's last reported patch status against the thresholds of
 * the policy its group uses. The fleet-wide tally reads every active agent's report, so it is
 * kept for a minute (the dashboard and the fleet page ask for it on every view).
 */
@Singleton
public class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final Duration TALLY_KEPT = Duration.ofMinutes(1);

    /**
     * How many active (not revoked, not inactive) agents have each verdict, and compliant agents
     * as a percentage of those with a known verdict (null when none is known).
     */
    public record Tally(Map<PatchCompliance.Verdict, Long> verdicts, long agents, Double compliantPercent, Instant countedAt) {

        static Tally of(Map<PatchCompliance.Verdict, Long> verdicts, long agents, Instant countedAt) {
            long known = agents - verdicts.getOrDefault(PatchCompliance.Verdict.UNKNOWN, 0L);
            Double percent = known == 0 ? null : 100.0 * verdicts.getOrDefault(PatchCompliance.Verdict.COMPLIANT, 0L) / known;
            return new Tally(Map.copyOf(verdicts), agents, percent, countedAt);
        }
    }

    private final Database database;
    private final AgentGroups groups;
    private final PolicyStore policies;
    private final AgentRegistry registry;
    private final Clock clock;
    private final AtomicReference<Tally> tally = new AtomicReference<>();

    public Fleet(Database database, AgentGroups groups, PolicyStore policies, AgentRegistry registry, Clock clock) {
        this.database = database;
        this.groups = groups;
        this.policies = policies;
        this.registry = registry;
        this.clock = clock;
    }

    /** The thresholds each group's policy sets, by group id. */
    public Map<String, PatchThresholds> thresholdsByGroup() {
        Map<String, PatchThresholds> byPolicy = new HashMap<>();
        Map<String, PatchThresholds> byGroup = new HashMap<>();
        for (AgentGroup group : groups.list()) {
            byGroup.put(group.id(), byPolicy.computeIfAbsent(group.policyName(), this::thresholds));
        }
        return byGroup;
    }

    /** One agent's verdict with these thresholds. */
    public PatchCompliance.Result compliance(AgentRegistry.AgentView agent, Map<String, PatchThresholds> thresholds) {
        return PatchCompliance.evaluate(status(agent.patch()), thresholds.get(agent.groupId()), clock.instant());
    }

    /** The fleet-wide tally, at most a minute old. */
    public Tally tally() {
        Tally known = tally.get();
        Instant now = clock.instant();
        if (known != null && known.countedAt().plus(TALLY_KEPT).isAfter(now)) {
            return known;
        }
        Tally fresh = count(now);
        tally.set(fresh);
        return fresh;
    }

    private Tally count(Instant now) {
        Map<String, PatchThresholds> thresholds = thresholdsByGroup();
        long activeSince = registry.activeSince().toEpochMilli();
        return database.read(connection -> {
            Map<PatchCompliance.Verdict, Long> verdicts = new EnumMap<>(PatchCompliance.Verdict.class);
            long agents = 0;
            try (PreparedStatement select = connection.prepareStatement("SELECT group_id, patch FROM agent"
                    + " WHERE revoked_at IS NULL AND COALESCE(last_seen_at, enrolled_at) >= ?")) {
                select.setLong(1, activeSince);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String patch = row.getString(2);
                        PatchStatus status = patch == null ? null : status(patch);
                        PatchCompliance.Verdict verdict = PatchCompliance.evaluate(status, thresholds.get(row.getString(1)), now)
                                .verdict();
                        verdicts.merge(verdict, 1L, Long::sum);
                        agents++;
                    }
                }
            }
            return Tally.of(verdicts, agents, now);
        });
    }

    private PatchThresholds thresholds(String policyName) {
        try {
            return ProtocolJson.fromTree(policies.current(policyName).policy(), Policy.class).patch();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the patch thresholds of policy {}: {}", policyName, e.getMessage());
            return PatchThresholds.none();
        }
    }

    private static PatchStatus status(JsonNode patch) {
        if (patch == null || patch.isNull()) {
            return null;
        }
        try {
            return ProtocolJson.fromTree(patch, PatchStatus.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static PatchStatus status(String patch) {
        try {
            return ProtocolJson.read(patch.getBytes(StandardCharsets.UTF_8), PatchStatus.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

package io.mamori.console.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.agents.AgentGroups;
import io.mamori.console.storage.Database;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies and groups a new console starts with: {@code default} for everyone and
 * {@code leaving} (退職予定者) with stricter rules. Seeded on first start only; administrators
 * change them like any other policy afterwards.
 */
@Singleton
public class DefaultPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultPolicies.class);

    public static final String DEFAULT = "default";
    public static final String LEAVING = "leaving";

    private final PolicyStore policies;
    private final Database database;
    private final Clock clock;

    public DefaultPolicies(PolicyStore policies, Database database, Clock clock) {
        this.policies = policies;
        this.database = database;
        this.clock = clock;
    }

    /** Seeds what is missing; a console that has its policies is left alone. */
    public void seed() {
        List<String> existing = policies.list().stream().map(PolicyStore.PolicySummary::name).toList();
        for (String name : List.of(DEFAULT, LEAVING)) {
            if (!existing.contains(name)) {
                PolicyStore.VersionInfo published = policies.publish("console", null, name, 0, draft(name),
                        "shipped with Mamori / Mamori の初期ポリシー");
                LOG.info("created the shipped policy '{}' (version {})", name, published.version());
            }
        }
        database.write(connection -> {
            AgentGroups.ensure(connection, AgentGroups.DEFAULT, "全社（既定）", "Everyone (default)", DEFAULT, clock.instant());
            AgentGroups.ensure(connection, AgentGroups.LEAVING, "退職予定者", "Leaving employees", LEAVING, clock.instant());
            return null;
        });
    }

    /** A shipped policy as a draft (no name, version or time yet). */
    public static JsonNode draft(String name) {
        try (InputStream in = DefaultPolicies.class.getResourceAsStream("/policies/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("the shipped policy " + name + " is missing from the build");
            }
            return ProtocolJson.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

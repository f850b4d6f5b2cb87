package io.mamori.agent.service;

import io.mamori.agent.store.AgentState;
import io.mamori.agent.store.StateKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * What the agent last knew of its console, kept in its {@link AgentState}: written by the heartbeat,
 * shown by {@code mamori agent status}.
 *
 * @param reachable       whether the last heartbeat reached the console; empty before the first
 * @param lastHeartbeatAt when a heartbeat last reached it
 * @param policyVersion   the version of the policy in force after the last policy check
 * @param lastError       why the last heartbeat failed, if it did
 */
public record ConsoleContact(Optional<Boolean> reachable, Optional<Instant> lastHeartbeatAt, Optional<Long> policyVersion,
        Optional<String> lastError) {

    private static final StateKey<Boolean> REACHABLE = StateKey.flag("console_reachable");
    private static final StateKey<Instant> LAST_HEARTBEAT_AT = StateKey.instant("last_heartbeat_at");
    private static final StateKey<Long> POLICY_VERSION = StateKey.number("policy_version");
    private static final StateKey<String> LAST_ERROR = StateKey.text("last_error");

    public static ConsoleContact read(AgentState state) throws SQLException {
        return new ConsoleContact(state.get(REACHABLE), state.get(LAST_HEARTBEAT_AT), state.get(POLICY_VERSION),
                state.get(LAST_ERROR));
    }

    /** A heartbeat reached the console at {@code at}. */
    static void reached(AgentState state, Instant at) throws SQLException {
        state.put(LAST_HEARTBEAT_AT, at);
        state.put(REACHABLE, true);
        state.clear(LAST_ERROR);
    }

    /** A heartbeat failed; each part is kept as far as the state can be written (a full disk is no reason to stop). */
    static void unreachable(AgentState state, String error) {
        try {
            state.put(REACHABLE, false);
            state.put(LAST_ERROR, error);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(ConsoleContact.class).debug("cannot note the failed heartbeat: {}", e.getMessage());
        }
    }

    /** The policy in force after the heartbeat's policy check. */
    static void policyInForce(AgentState state, long version) throws SQLException {
        state.put(POLICY_VERSION, version);
    }
}

package io.mamori.agent.copy;

import io.mamori.agent.store.AgentState;
import io.mamori.agent.store.StateKey;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The {@link HoldJournal} of the running agent: held copies and the continued files waiting for
 * their device, kept in the agent's state (the operation log's file), each list written whole in
 * one statement.
 */
public final class StoredHolds implements HoldJournal {

    private static final StateKey<List<PendingHold>> HELD = StateKey.jsonList("held_operations", PendingHold[].class);
    private static final StateKey<List<UUID>> GIVE_BACK = StateKey.jsonList("give_back_when_mounted", UUID[].class);

    private final AgentState state;

    public StoredHolds(AgentState state) {
        this.state = state;
    }

    @Override
    public List<PendingHold> load() {
        return get(HELD);
    }

    @Override
    public void save(List<PendingHold> holds) {
        put(HELD, holds);
    }

    @Override
    public List<UUID> loadGiveBacks() {
        return get(GIVE_BACK);
    }

    @Override
    public void saveGiveBacks(List<UUID> eventIds) {
        put(GIVE_BACK, eventIds);
    }

    private <T> List<T> get(StateKey<List<T>> key) {
        try {
            return state.get(key).orElse(List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("the operation log failed: " + e.getMessage(), e);
        }
    }

    private <T> void put(StateKey<List<T>> key, List<T> value) {
        try {
            state.put(key, value);
        } catch (SQLException e) {
            throw new IllegalStateException("the operation log failed: " + e.getMessage(), e);
        }
    }
}

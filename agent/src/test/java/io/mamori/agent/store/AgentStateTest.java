package io.mamori.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLDataException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed values in the agent's state, read the same from files earlier versions wrote. */
class AgentStateTest {

    private static final Schema SCHEMA = new Schema(1, List.of("CREATE TABLE record (seq INTEGER PRIMARY KEY)"));
    private static final StateKey<Boolean> REACHABLE = StateKey.flag("console_reachable");
    private static final StateKey<Instant> TOLD_AT = StateKey.instant("patch_notice_told_at");
    private static final StateKey<Long> DROPPED = StateKey.number("dropped_total");
    private static final StateKey<List<UUID>> WAITING = StateKey.jsonList("give_back_when_mounted", UUID[].class);

    @TempDir
    Path dir;

    @Test
    void valuesComeBackAsTheTypeTheyWereStoredAs() throws Exception {
        UUID one = UUID.fromString("0192f0a0-0000-7000-8000-000000000001");
        try (SqliteFile file = open()) {
            AgentState state = new AgentState(file);
            state.put(REACHABLE, false);
            state.put(TOLD_AT, Instant.parse("2026-12-01T09:00:00Z"));
            state.put(DROPPED, 42L);
            state.put(WAITING, List.of(one));
        }
        try (SqliteFile file = open()) {
            AgentState state = new AgentState(file);
            assertThat(state.get(REACHABLE)).contains(false);
            assertThat(state.get(TOLD_AT)).contains(Instant.parse("2026-12-01T09:00:00Z"));
            assertThat(state.get(DROPPED)).contains(42L);
            assertThat(state.get(WAITING)).contains(List.of(one));
        }
    }

    @Test
    void theTextEarlierVersionsWroteReadsTheSameAndABlankValueIsNone() throws Exception {
        try (SqliteFile file = open()) {
            AgentState state = new AgentState(file);
            put(file, "console_reachable", "true");
            put(file, "dropped_total", "7");
            put(file, "patch_notice_told_at", "");
            assertThat(state.get(REACHABLE)).contains(true);
            assertThat(state.get(DROPPED)).contains(7L);
            assertThat(state.get(TOLD_AT)).isEmpty();

            state.clear(DROPPED);
            assertThat(state.get(DROPPED)).isEmpty();
        }
    }

    @Test
    void aValueThatCannotBeReadIsAnErrorNamingTheKeyNotAGuess() throws Exception {
        try (SqliteFile file = open()) {
            AgentState state = new AgentState(file);
            put(file, "console_reachable", "perhaps");
            assertThatThrownBy(() -> state.get(REACHABLE)).isInstanceOf(SQLDataException.class)
                    .hasMessageContaining("console_reachable");
        }
    }

    @Test
    void aFileWithoutTheTableReadOnlyHasNoState() throws Exception {
        open().close();
        try (SqliteFile file = SqliteFile.openReadOnly(dir.resolve("oplog.db"), "test log")) {
            assertThat(new AgentState(file).get(REACHABLE)).isEmpty();
        }
    }

    @Test
    void keyNamesAreCheckedWhereTheyAreDeclared() {
        assertThatThrownBy(() -> StateKey.text("Console Reachable")).isInstanceOf(IllegalArgumentException.class);
    }

    private SqliteFile open() throws Exception {
        return SqliteFile.open(dir.resolve("oplog.db"), "test log", SqliteFile.Role.RECORD, SCHEMA);
    }

    private static void put(SqliteFile file, String name, String value) throws Exception {
        file.run(c -> {
            try (var upsert = c.prepareStatement("INSERT INTO agent_state (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                upsert.setString(1, name);
                upsert.setString(2, value);
                return upsert.executeUpdate();
            }
        });
    }
}

package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding the people at the machine from recorded WTSEnumerateSessionsW / WTSQuerySessionInformationW results. */
class WindowsSessionsTest {

    /**
     * What WTSEnumerateSessionsW returns on a machine with the services' session, the console and
     * a remote desktop, as 64-bit memory: three WTS_SESSION_INFOW of 24 bytes (id, 4 bytes of
     * padding, LPWSTR, state, padding), then the strings they point to.
     */
    static byte[] recordedTable(int pointerSize, Object[][] sessions) {
        int entry = 3 * pointerSize;
        int stringsAt = sessions.length * entry;
        ByteBuffer memory = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        int next = stringsAt;
        for (int i = 0; i < sessions.length; i++) {
            byte[] name = ((String) sessions[i][1] + "\0").getBytes(StandardCharsets.UTF_16LE);
            memory.position(next);
            memory.put(name);
            int at = i * entry;
            memory.putInt(at, (Integer) sessions[i][0]);
            if (pointerSize == 8) {
                memory.putLong(at + 8, RecordedMemory.BASE + next);
            } else {
                memory.putInt(at + 4, (int) (RecordedMemory.BASE_32 + next));
            }
            memory.putInt(at + 2 * pointerSize, (Integer) sessions[i][2]);
            next += name.length;
        }
        return memory.array();
    }

    private static final Object[][] MACHINE = {{0, "Services", 4}, {1, "Console", 0}, {3, "RDP-Tcp#7", 0},
        {65536, "RDP-Tcp", 6}, {2, "", 4}};

    @Test
    void theSessionTableIsReadWithItsSixtyFourBitLayout() {
        List<WtsSessionTable.Entry> entries = WtsSessionTable.read(new RecordedMemory(recordedTable(8, MACHINE), 8),
                RecordedMemory.BASE, MACHINE.length);

        assertThat(entries).containsExactly(new WtsSessionTable.Entry(0, "Services", 4), new WtsSessionTable.Entry(1, "Console", 0),
                new WtsSessionTable.Entry(3, "RDP-Tcp#7", 0), new WtsSessionTable.Entry(65536, "RDP-Tcp", 6),
                new WtsSessionTable.Entry(2, "", 4));
    }

    @Test
    void andWithItsThirtyTwoBitLayout() {
        List<WtsSessionTable.Entry> entries = WtsSessionTable.read(new RecordedMemory(recordedTable(4, MACHINE), 4),
                RecordedMemory.BASE_32, 2);

        assertThat(entries).containsExactly(new WtsSessionTable.Entry(0, "Services", 4), new WtsSessionTable.Entry(1, "Console", 0));
    }

    @Test
    void aQueriedUserNameEndsAtItsNul() {
        // WTSQuerySessionInformationW(WTSUserName) gives the name and its NUL; pBytesReturned counts both
        assertThat(NativeMemory.wideString("tanaka\0".getBytes(StandardCharsets.UTF_16LE))).isEqualTo("tanaka");
        assertThat(NativeMemory.wideString("田中\0\0junk".getBytes(StandardCharsets.UTF_16LE))).isEqualTo("田中");
    }

    /** Terminal services as recorded above, with users, domains and SIDs. */
    static final class FakeWts implements SessionsNative {
        final Map<Integer, String> users;
        final Map<String, String> sids;
        final Object[][] table;

        FakeWts(Object[][] table, Map<Integer, String> users, Map<String, String> sids) {
            this.table = table;
            this.users = users;
            this.sids = sids;
        }

        @Override
        public List<WtsSessionTable.Entry> sessions() {
            return WtsSessionTable.read(new RecordedMemory(recordedTable(8, table), 8), RecordedMemory.BASE, table.length);
        }

        @Override
        public Optional<String> text(int sessionId, int infoClass) throws IOException {
            if (infoClass == WtsSessionTable.WTS_DOMAIN_NAME) {
                return users.containsKey(sessionId) ? Optional.of("PC-0042") : Optional.empty();
            }
            return Optional.ofNullable(users.get(sessionId));
        }

        @Override
        public Optional<String> sid(String domain, String user) {
            return Optional.ofNullable(sids.get(domain + "\\" + user));
        }
    }

    @Test
    void onlyActiveSessionsWithAUserAndAUsableSidAreInteractive() {
        FakeWts wts = new FakeWts(MACHINE, Map.of(1, "tanaka", 3, "suzuki", 2, "sato"), Map.of(
                "PC-0042\\tanaka", "S-1-5-21-1004336348-1177238915-682003330-1001",
                "PC-0042\\suzuki", "S-1-5-21-1004336348-1177238915-682003330-1002)(A;;GA;;;WD",
                "PC-0042\\sato", "S-1-5-21-1004336348-1177238915-682003330-1003"));

        List<WindowsSession> interactive = new WindowsSessions(wts).interactive();

        // 0: the services' own; 3: a SID that would extend the DACL; 65536: the RDP listener; 2: disconnected
        assertThat(interactive).containsExactly(new WindowsSession(1, "Console", "tanaka", "PC-0042",
                "S-1-5-21-1004336348-1177238915-682003330-1001"));
        assertThat(interactive.get(0).account()).isEqualTo("PC-0042\\tanaka");
    }
}

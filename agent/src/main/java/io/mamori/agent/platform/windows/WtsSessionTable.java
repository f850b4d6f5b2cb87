package io.mamori.agent.platform.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * The array WTSEnumerateSessionsW returns, read from memory: {@code count} WTS_SESSION_INFOW of
 * {@code DWORD SessionId; LPWSTR pWinStationName; WTS_CONNECTSTATE_CLASS State;}
 * (https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/ns-wtsapi32-wts_session_infow).
 * With natural alignment the pointer sits at one pointer size, the state after it, and an entry is
 * three pointer sizes long: 24 bytes on 64-bit Windows, 12 on 32-bit.
 */
final class WtsSessionTable {

    // WTS_CONNECTSTATE_CLASS, https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/ne-wtsapi32-wts_connectstate_class
    static final int WTS_ACTIVE = 0;
    static final int WTS_CONNECTED = 1;
    static final int WTS_DISCONNECTED = 4;
    static final int WTS_LISTEN = 6;
    // WTS_INFO_CLASS, https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/ne-wtsapi32-wts_info_class
    static final int WTS_USER_NAME = 5;
    static final int WTS_DOMAIN_NAME = 7;
    /** Longer station names are cut (they are at most WINSTATIONNAME_LENGTH, 32, in practice). */
    private static final int MAX_NAME = 64;
    /** More entries than this are not believed (a terminal server has hundreds at most). */
    static final int MAX_SESSIONS = 4096;

    /** One session: its id, window-station name ("Console", "RDP-Tcp#3", "Services") and connect state. */
    record Entry(int sessionId, String stationName, int state) {
    }

    private WtsSessionTable() {
    }

    static List<Entry> read(NativeMemory memory, long address, int count) {
        if (address == 0 || count <= 0) {
            return List.of();
        }
        if (count > MAX_SESSIONS) {
            throw new IllegalArgumentException("WTSEnumerateSessions gave " + count + " sessions; at most " + MAX_SESSIONS + " are read");
        }
        int pointer = memory.pointerSize();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long entry = address + (long) i * 3 * pointer;
            int id = memory.readInt(entry);
            String station = memory.readWideString(memory.readPointer(entry + pointer), MAX_NAME);
            int state = memory.readInt(entry + 2L * pointer);
            entries.add(new Entry(id, station == null ? "" : station, state));
        }
        return entries;
    }
}

package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.Wtsapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@link SessionsNative} through jna-platform's Wtsapi32 and Advapi32. Compiled only: no Windows machine was reachable. */
final class JnaSessions implements SessionsNative {

    @Override
    public List<WtsSessionTable.Entry> sessions() throws IOException {
        PointerByReference table = new PointerByReference();
        IntByReference count = new IntByReference();
        // https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumeratesessionsw: Reserved 0, Version 1
        if (!Wtsapi32.INSTANCE.WTSEnumerateSessions(Wtsapi32.WTS_CURRENT_SERVER_HANDLE, 0, 1, table, count)) {
            throw new IOException("WTSEnumerateSessionsW failed with error " + Native.getLastError());
        }
        try {
            return WtsSessionTable.read(JnaMemory.INSTANCE, Pointer.nativeValue(table.getValue()), count.getValue());
        } finally {
            Wtsapi32.INSTANCE.WTSFreeMemory(table.getValue());
        }
    }

    @Override
    public Optional<String> text(int sessionId, int infoClass) throws IOException {
        PointerByReference buffer = new PointerByReference();
        IntByReference bytes = new IntByReference();
        if (!Wtsapi32.INSTANCE.WTSQuerySessionInformation(Wtsapi32.WTS_CURRENT_SERVER_HANDLE, sessionId, infoClass, buffer, bytes)) {
            throw new IOException("WTSQuerySessionInformationW(" + sessionId + ", " + infoClass + ") failed with error "
                    + Native.getLastError());
        }
        try {
            int length = Math.min(bytes.getValue(), 4096);
            String text = length <= 0 ? "" : NativeMemory.wideString(buffer.getValue().getByteArray(0, length));
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        } finally {
            Wtsapi32.INSTANCE.WTSFreeMemory(buffer.getValue());
        }
    }

    @Override
    public Optional<String> sid(String domain, String user) {
        try {
            String account = domain == null || domain.isEmpty() ? user : domain + "\\" + user;
            return Optional.ofNullable(Advapi32Util.getAccountByName(null, account).sidString);
        } catch (Win32Exception e) {
            return Optional.empty();
        }
    }
}

package io.mamori.agent.platform.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import java.io.IOException;
import java.util.Optional;

/** {@link RunKeyNative} through jna-platform's Advapi32Util registry helpers. Compiled only. */
final class JnaRunKey implements RunKeyNative {

    static final String KEY = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";

    @Override
    public Optional<String> read(String valueName) throws IOException {
        try {
            if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, KEY, valueName)) {
                return Optional.empty();
            }
            return Optional.ofNullable(Advapi32Util.registryGetStringValue(WinReg.HKEY_LOCAL_MACHINE, KEY, valueName));
        } catch (Win32Exception e) {
            throw new IOException("reading HKLM\\" + KEY + "\\" + valueName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String valueName, String commandLine) throws IOException {
        try {
            Advapi32Util.registrySetStringValue(WinReg.HKEY_LOCAL_MACHINE, KEY, valueName, commandLine);
        } catch (Win32Exception e) {
            throw new IOException("writing HKLM\\" + KEY + "\\" + valueName + ": " + e.getMessage(), e);
        }
    }
}

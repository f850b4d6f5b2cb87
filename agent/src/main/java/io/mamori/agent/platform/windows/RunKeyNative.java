package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.util.Optional;

/**
 * One value of {@code HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run}, which Windows runs as
 * each user at each log-on, in their session
 * (https://learn.microsoft.com/en-us/windows/win32/setupapi/run-and-runonce-registry-keys).
 * One JNA implementation ({@link JnaRunKey}).
 */
interface RunKeyNative {

    Optional<String> read(String valueName) throws IOException;

    void write(String valueName, String commandLine) throws IOException;
}

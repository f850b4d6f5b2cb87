package io.mamori.agent.platform.windows;

/**
 * A {@code SERVICE_CONTROL_SESSIONCHANGE}: what happened ({@code WTS_SESSION_LOGON} …) to which
 * session. Codes from https://learn.microsoft.com/en-us/windows/win32/termserv/wm-wtssession-change
 * (the same values reach a service's HandlerEx as its event type).
 */
public record SessionChange(int reason, int sessionId) {

    public static final int WTS_CONSOLE_CONNECT = 0x1;
    public static final int WTS_CONSOLE_DISCONNECT = 0x2;
    public static final int WTS_REMOTE_CONNECT = 0x3;
    public static final int WTS_REMOTE_DISCONNECT = 0x4;
    public static final int WTS_SESSION_LOGON = 0x5;
    public static final int WTS_SESSION_LOGOFF = 0x6;
    public static final int WTS_SESSION_LOCK = 0x7;
    public static final int WTS_SESSION_UNLOCK = 0x8;

    /** Someone may now be at this session's screen (logged on, or reconnected): it should have a pipe. */
    public boolean arrives() {
        return reason == WTS_SESSION_LOGON || reason == WTS_CONSOLE_CONNECT || reason == WTS_REMOTE_CONNECT;
    }

    /** The session is gone: its pipe and announcement go. */
    public boolean ends() {
        return reason == WTS_SESSION_LOGOFF;
    }
}

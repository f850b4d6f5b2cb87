package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The terminal-services calls the agent needs to find the people at the machine. One JNA implementation: {@link JnaSessions}. */
interface SessionsNative {

    /** WTSEnumerateSessionsW on this server, read with {@link WtsSessionTable}. */
    List<WtsSessionTable.Entry> sessions() throws IOException;

    /** WTSQuerySessionInformationW for a string class ({@code WTSUserName}, {@code WTSDomainName}); empty when blank. */
    Optional<String> text(int sessionId, int infoClass) throws IOException;

    /** LookupAccountNameW then ConvertSidToStringSidW: the account's SID string; empty when the account is unknown. */
    Optional<String> sid(String domain, String user) throws IOException;
}

package io.mamori.agent.platform.windows;

import java.io.IOException;

/**
 * Tells a session's helper the name of its pipe, so that only that session's user can learn it
 * (the name is random: see {@link PipeSecurity}). {@link FolderAnnouncer} writes it to a file only
 * that user and SYSTEM can read.
 */
interface PipeAnnouncer {

    void announce(WindowsSession session, String pipeName) throws IOException;

    /** The session's pipe is gone. */
    void withdraw(int sessionId);
}

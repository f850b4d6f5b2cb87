package io.mamori.agent.platform.windows;

import java.util.Optional;

/**
 * Whether the process at the other end of a session's pipe is that session's helper. The DACL
 * already keeps out other users; this also keeps out the same user's processes in another session
 * (an RDP session of theirs) and a helper that lies about itself. Windows says who the client is
 * (GetNamedPipeClientProcessId, GetNamedPipeClientSessionId), the helper says which process it is
 * (its hello), and Windows again which session that process is in (ProcessIdToSessionId): all
 * must agree on the pipe's session. The hello's pid alone is never taken on trust.
 */
final class PeerCheck {

    private PeerCheck() {
    }

    /** Before anything is read: a client of another session is disconnected at once. */
    static Optional<String> clientSession(int expectedSession, int clientSession) {
        return clientSession == expectedSession ? Optional.empty()
                : Optional.of("the client is in session " + clientSession + ", not " + expectedSession);
    }

    /**
     * After the hello.
     *
     * @param clientPid          GetNamedPipeClientProcessId
     * @param claimedPid         the pid the hello gives
     * @param sessionOfClientPid ProcessIdToSessionId(clientPid)
     */
    static Optional<String> hello(int expectedSession, long clientPid, long claimedPid, int sessionOfClientPid) {
        if (claimedPid != clientPid) {
            return Optional.of("the hello names process " + claimedPid + " but the client is process " + clientPid);
        }
        if (sessionOfClientPid != expectedSession) {
            return Optional.of("process " + clientPid + " is in session " + sessionOfClientPid + ", not " + expectedSession);
        }
        return Optional.empty();
    }
}

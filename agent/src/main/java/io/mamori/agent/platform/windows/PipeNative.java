package io.mamori.agent.platform.windows;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Named pipes, as the agent uses them: one server instance per session, a client at a time. One
 * JNA implementation ({@link JnaPipes}); tests give streams over memory and say which process and
 * session the client is (truthfully or not).
 */
interface PipeNative {

    /**
     * CreateNamedPipeW with this SDDL's DACL (converted by
     * ConvertStringSecurityDescriptorToSecurityDescriptorW): duplex, byte mode, first and only
     * instance, remote clients refused.
     */
    Endpoint create(String name, String sddl) throws IOException;

    /** ProcessIdToSessionId. */
    int sessionOfProcess(long pid) throws IOException;

    /** The server end of one pipe instance. */
    interface Endpoint extends Closeable {

        /** ConnectNamedPipe: waits for a client (one already connected counts). IOException once closed. */
        void awaitClient() throws IOException;

        /** GetNamedPipeClientProcessId of the connected client. */
        long clientProcessId() throws IOException;

        /** GetNamedPipeClientSessionId of the connected client. */
        int clientSessionId() throws IOException;

        /**
         * The connected client's bytes. Its {@code available()} must not block (PeekNamedPipe):
         * a read is only started once bytes are there, since on a synchronous handle a waiting
         * read would hold up every write ({@link PollingInput}).
         */
        InputStream in();

        OutputStream out();

        /** DisconnectNamedPipe: drops the client; the instance waits for the next one. */
        void disconnect() throws IOException;
    }
}

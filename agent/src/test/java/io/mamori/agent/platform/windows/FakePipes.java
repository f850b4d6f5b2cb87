package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes over loopback sockets: each client a test connects is a real byte stream both ways,
 * and says — truthfully or not — which process and session Windows would report for it.
 */
final class FakePipes implements PipeNative {

    /** The pipes made, by the session in their name. */
    final Map<Integer, FakeEndpoint> bySession = new ConcurrentHashMap<>();
    final Map<Integer, String> sddlBySession = new ConcurrentHashMap<>();
    /** ProcessIdToSessionId's answers. */
    final Map<Long, Integer> sessionOfProcess = new ConcurrentHashMap<>();

    /** Sessions whose pipe CreateNamedPipeW refuses. */
    final java.util.Set<Integer> refused = ConcurrentHashMap.newKeySet();

    @Override
    public Endpoint create(String name, String sddl) throws IOException {
        int refusedSession = Integer.parseInt(name.substring(PipeSecurity.PREFIX.length(), name.lastIndexOf('-')));
        if (refused.contains(refusedSession)) {
            throw new IOException("CreateNamedPipeW failed with error 5");
        }
        int session = Integer.parseInt(name.substring(PipeSecurity.PREFIX.length(), name.lastIndexOf('-')));
        FakeEndpoint endpoint = new FakeEndpoint(name);
        bySession.put(session, endpoint);
        sddlBySession.put(session, sddl);
        return endpoint;
    }

    @Override
    public int sessionOfProcess(long pid) throws IOException {
        Integer session = sessionOfProcess.get(pid);
        if (session == null) {
            throw new IOException("no such process " + pid);
        }
        return session;
    }

    /** The pipe of this session, once the desktop has made it. */
    FakeEndpoint pipeOf(int session) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bySession.containsKey(session)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no pipe was made for session " + session);
            }
            Thread.sleep(5);
        }
        return bySession.get(session);
    }

    /** A client end; the server end waits in the endpoint's queue. */
    static final class Client {
        final Socket socket;
        final long pid;
        final int session;

        Client(Socket socket, long pid, int session) {
            this.socket = socket;
            this.pid = pid;
            this.session = session;
        }
    }

    static final class FakeEndpoint implements Endpoint {
        final String name;
        private final BlockingQueue<Client> waiting = new LinkedBlockingQueue<>();
        private volatile Client current;
        volatile boolean closed;
        volatile int disconnects;

        FakeEndpoint(String name) {
            this.name = name;
        }

        /** Connects a client that Windows would say is process {@code pid} in session {@code session}. */
        Socket connect(long pid, int session) throws IOException {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                waiting.add(new Client(server.accept(), pid, session));
                return client;
            }
        }

        @Override
        public void awaitClient() throws IOException {
            while (!closed) {
                try {
                    Client next = waiting.poll(20, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        current = next;
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            throw new IOException("the pipe is closed");
        }

        @Override
        public long clientProcessId() {
            return current.pid;
        }

        @Override
        public int clientSessionId() {
            return current.session;
        }

        @Override
        public InputStream in() {
            try {
                return current.socket.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public OutputStream out() {
            try {
                return current.socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void disconnect() throws IOException {
            disconnects++;
            Client gone = current;
            if (gone != null) {
                gone.socket.close();
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            Client gone = current;
            if (gone != null) {
                gone.socket.close();
            }
        }
    }
}

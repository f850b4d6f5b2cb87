package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.notify.Notice;
import io.mamori.agent.testing.Root;
import io.mamori.protocol.policy.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer check with two real users (needs root, so it runs in CI on Linux): the socket of
 * {@code nobody} (uid 65534) is theirs, mode 0600; a client of root's — which file modes do not
 * stop — is refused by the kernel's word on its user, and a client run as nobody is taken and told.
 */
class MacPeerCheckTest {

    private static final long NOBODY = 65534;

    @TempDir
    Path dir;

    private MacDesktop desktop;

    @AfterEach
    void close() {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void anotherUsersClientIsRefusedAndTheSocketsOwnUserIsTaken() throws Exception {
        Root.required("a client running as another user needs root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path sockets = dir.resolve("desktop");
        MacDesktopTest.FakeSessions sessions = new MacDesktopTest.FakeSessions();
        sessions.now = List.of(new MacSession(NOBODY, "nobody", true));
        desktop = new MacDesktop(sessions, sockets, Map::of, Clock.systemUTC(), Duration.ofSeconds(20), 0);
        desktop.start(Duration.ofMillis(100));
        Path socket = UserSocket.path(sockets, NOBODY);
        MacDesktopTest.awaitSocketReady(socket, NOBODY);
        assertThat(((Number) Files.getAttribute(socket, "unix:uid")).longValue()).isEqualTo(NOBODY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

        try (MacDesktopTest.RawHelper root = MacDesktopTest.RawHelper.connect(socket)) {
            try {
                root.hello("en");
            } catch (IOException refusedAlready) {
                // the agent may close the connection before the hello is even written (a broken pipe)
            }
            assertThat(root.closedByTheAgent()).as("root's client is refused before its hello is read").isTrue();
            assertThat(desktop.helperConnected(NOBODY)).isFalse();
        }

        Path client = dir.resolve("Client.java");
        Files.writeString(client, CLIENT, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        Process process = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", client.toString(),
                socket.toString()).redirectErrorStream(true).start();
        try {
            MacDesktopTest.await("nobody's helper is taken", () -> desktop.helperConnected(NOBODY) || !process.isAlive());
            assertThat(desktop.helperConnected(NOBODY)).as("nobody's client was taken").isTrue();
            desktop.tell(new Notice.DeviceMounted(MacDesktopTest.STICK, Action.ALLOW, true, Map.of()));
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("type=notice").contains("SanDisk");
        } finally {
            process.destroyForcibly();
        }
    }

    /** A helper by hand, in a file of its own (run as nobody): hello, then print the first message. */
    private static final String CLIENT = """
            import java.io.*;
            import java.net.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.io.IOException;
import java.nio.charset.StandardCharsets;
            import java.nio.file.Path;
            import java.util.Properties;

            public class Client {
                public static void main(String[] args) throws Exception {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
                    Properties hello = new Properties();
                    hello.setProperty("mamori.type", "hello");
                    hello.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
                    hello.setProperty("locale", "en");
                    StringWriter text = new StringWriter();
                    hello.store(text, null);
                    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                    ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
                    while (frame.hasRemaining()) {
                        channel.write(frame);
                    }
                    DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
                    byte[] message = new byte[in.readInt()];
                    in.readFully(message);
                    Properties said = new Properties();
                    said.load(new StringReader(new String(message, StandardCharsets.UTF_8)));
                    System.out.println("type=" + said.getProperty("mamori.type") + " text=" + said.getProperty("text"));
                }
            }
            """;
}

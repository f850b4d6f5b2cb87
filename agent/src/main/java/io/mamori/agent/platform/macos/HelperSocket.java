package io.mamori.agent.platform.macos;

import io.mamori.agent.desktop.SessionHelper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The session helper's end on macOS: its user's socket in the daemon's folder. Written to through
 * the channel itself, not {@link Channels#newOutputStream}: on JDK 17 a channel's streams share its
 * blocking lock, so the helper's answers would wait for its read of the next message.
 */
final class HelperSocket {

    private HelperSocket() {
    }

    /** Connects to user {@code uid}'s socket in {@code folder}; fails when the daemon has not made it (yet). */
    static SessionHelper.Connection connect(Path folder, long uid) throws IOException {
        Path socket = UserSocket.path(folder, uid);
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("no socket for this user yet (" + socket + "): is the Mamori daemon running?");
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        return new SessionHelper.Connection(Channels.newInputStream(channel), out, channel);
    }
}

package io.mamori.agent.desktop;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The messages between the agent and the dialog it starts in the employee's session: each one a
 * map of texts, sent as its length (4 bytes) and then the map in {@link Properties} form, UTF-8.
 * The dialog uses nothing but the JDK, so it starts fast and its class path is the agent's jar alone.
 */
public final class Frames {

    /** Larger frames are refused: a question lists at most a few thousand file names. */
    public static final int MAX_BYTES = 1 << 20;

    private Frames() {
    }

    /**
     * Sends one message. Written on the channel itself, not through a stream over it: a stream on a
     * socket channel would wait for a read in progress on another thread.
     */
    public static void write(WritableByteChannel channel, Map<String, String> message) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(encode(message));
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    static byte[] encode(Map<String, String> message) throws IOException {
        Properties properties = new Properties();
        properties.putAll(message);
        StringWriter text = new StringWriter();
        properties.store(text, null);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("a message of " + bytes.length + " bytes is larger than " + MAX_BYTES);
        }
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    /** The next message; {@link EOFException} when the other side has closed. */
    public static Map<String, String> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 0 || length > MAX_BYTES) {
            throw new IOException("a message of " + length + " bytes is not accepted (at most " + MAX_BYTES + ")");
        }
        byte[] bytes = data.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the message ended after " + bytes.length + " of " + length + " bytes");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        Map<String, String> message = new TreeMap<>();
        properties.forEach((key, value) -> message.put((String) key, (String) value));
        return message;
    }
}

package io.mamori.agent.platform.linux;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A path's bytes as the kernel has them. Linux file names are bytes, not text: a name written by
 * another system need not be valid UTF-8, and decoding it into a {@code String} would lose it. Java
 * keeps a path's bytes but shows them only through a {@code file:} URI, which percent-encodes each
 * byte, and builds a path back from one; this goes that way in both directions.
 */
final class PathBytes {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathBytes() {
    }

    /** The absolute path's bytes, without a trailing NUL. */
    static byte[] of(Path path) {
        String encoded = path.toAbsolutePath().toUri().getRawPath();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        byte[] result = bytes.toByteArray();
        // a directory's URI ends with '/'
        int length = result.length;
        while (length > 1 && result[length - 1] == '/') {
            length--;
        }
        return length == result.length ? result : Arrays.copyOf(result, length);
    }

    /** The path whose bytes these are; {@code bytes} is absolute and holds no NUL. */
    static Path path(byte[] bytes) {
        StringBuilder uri = new StringBuilder(bytes.length * 3 + 8).append("file://");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.' || c == '-' || c == '_') {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        try {
            return Path.of(new URI(uri.toString()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + uri, e);
        }
    }

    /** {@code directory}'s bytes, a slash and {@code name}. */
    static byte[] child(byte[] directory, byte[] name) {
        boolean slash = directory.length > 0 && directory[directory.length - 1] == '/';
        byte[] child = new byte[directory.length + (slash ? 0 : 1) + name.length];
        System.arraycopy(directory, 0, child, 0, directory.length);
        if (!slash) {
            child[directory.length] = '/';
        }
        System.arraycopy(name, 0, child, child.length - name.length, name.length);
        return child;
    }

    /** The bytes with a NUL after them, for a C call. */
    static byte[] terminated(byte[] bytes) {
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }
}

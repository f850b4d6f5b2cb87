package io.mamori.classifier.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream in a known charset as it is read, replacing each malformed or
 * unmappable sequence with U+FFFD and counting them, so that a damaged file is still read
 * whole and its damage reported ({@link java.io.InputStreamReader} replaces without counting).
 */
public final class DecodingReader extends Reader {

    private final InputStream in;
    private CharsetDecoder decoder;
    /** Still reading ASCII, which every charset read here decodes alike; the charset is chosen at the first other byte. */
    private boolean choosing;
    private final ByteBuffer bytes = ByteBuffer.allocate(2 * 64 * 1024);
    private boolean endOfInput;
    private boolean flushed;
    private long malformed;

    public DecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = decoderFor(charset);
        bytes.flip(); // empty, ready to be read from
    }

    /**
     * A reader for a text whose head is all ASCII (a log, a CSV of codes before the first Japanese
     * row): ASCII reads the same in UTF-8, Shift_JIS and EUC-JP, so the charset is chosen at the
     * first byte that is not ASCII, from the {@value #WINDOW} bytes from there on
     * ({@link TextDecoder#sniff}).
     */
    public static DecodingReader choosingAtFirstNonAscii(InputStream in) {
        DecodingReader reader = new DecodingReader(in, StandardCharsets.UTF_8);
        reader.choosing = true;
        return reader;
    }

    private static final int WINDOW = 64 * 1024;

    private static CharsetDecoder decoderFor(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The byte sequences that were not valid text in the charset, so far. */
    public long malformed() {
        return malformed;
    }

    public Charset charset() {
        return decoder.charset();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (choosing) {
            int n = readAscii(buffer, offset, length);
            if (n != 0) {
                return n;
            }
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            if (flushed) {
                return -1;
            }
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                if (!out.hasRemaining()) {
                    break; // the replacement goes in the next read
                }
                malformed++;
                out.put('\uFFFD');
                bytes.position(bytes.position() + result.length());
            } else if (result.isUnderflow()) {
                if (!endOfInput) {
                    fill();
                } else if (decoder.flush(out).isUnderflow()) {
                    flushed = true;
                }
            }
        }
        return out.position() - offset;
    }

    /**
     * While choosing: the ASCII bytes that come, as characters; 0 once a byte that is not ASCII is
     * next (the charset is then chosen), -1 at the end.
     */
    private int readAscii(char[] buffer, int offset, int length) throws IOException {
        if (!bytes.hasRemaining() && !endOfInput) {
            fill();
        }
        if (!bytes.hasRemaining()) {
            choosing = false;
            flushed = true;
            return -1;
        }
        byte[] array = bytes.array();
        int at = bytes.position();
        int end = bytes.limit();
        int n = 0;
        while (n < length && at < end && array[at] >= 0) {
            buffer[offset + n++] = (char) array[at++];
        }
        bytes.position(at);
        if (n == 0 && at < end) {
            // a byte that is not ASCII: choose from what follows it
            while (!endOfInput && bytes.remaining() < WINDOW) {
                fill();
            }
            byte[] window = new byte[bytes.remaining()];
            bytes.duplicate().get(window);
            decoder = decoderFor(TextDecoder.sniff(window, window.length, endOfInput).charset());
            choosing = false;
        }
        return n;
    }

    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

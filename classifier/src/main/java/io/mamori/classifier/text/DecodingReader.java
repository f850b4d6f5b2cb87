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

/**
 * Decodes a byte stream in a known charset as it is read, replacing each malformed or
 * unmappable sequence with U+FFFD and counting them, so that a damaged file is still read
 * whole and its damage reported ({@link java.io.InputStreamReader} replaces without counting).
 */
public final class DecodingReader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private boolean endOfInput;
    private boolean flushed;
    private long malformed;

    public DecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip(); // empty, ready to be read from
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

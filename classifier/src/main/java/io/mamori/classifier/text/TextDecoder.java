package io.mamori.classifier.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes plain text whose charset nobody declared, as Japanese files come: UTF-8 (with or
 * without BOM), UTF-16 (with BOM, or told apart by its zero bytes), Shift_JIS (as Windows writes
 * it, windows-31j) and EUC-JP. When the bytes are valid in more than one, the one that yields the
 * most Japanese-looking text wins.
 */
public final class TextDecoder {

    public static final Charset SHIFT_JIS = Charset.forName("windows-31j");
    public static final Charset EUC_JP = Charset.forName("EUC-JP");

    private TextDecoder() {
    }

    /** How a stream of text is to be decoded: its charset and how many bytes of byte-order mark to skip. */
    public record Sniffed(Charset charset, int bomLength) {
    }

    /**
     * The charset of a text from its first bytes, as {@link #decode} would choose it for the whole
     * text. When {@code complete} is false the head was cut from a longer text: it is read up to
     * its last line break (a line break is one byte in every charset this reads, except UTF-16,
     * which is told apart by its byte-order mark and zero bytes), so a character cut in two does
     * not count against a charset.
     */
    public static Sniffed sniff(byte[] head, int length, boolean complete) {
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Sniffed(StandardCharsets.UTF_8, 3);
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Sniffed(StandardCharsets.UTF_16LE, 2);
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Sniffed(StandardCharsets.UTF_16BE, 2);
        }
        byte[] bytes = java.util.Arrays.copyOf(head, complete || length % 2 == 0 ? length : length - 1);
        Charset utf16 = utf16WithoutBom(bytes);
        if (utf16 != null) {
            return new Sniffed(utf16, 0);
        }
        int end = length;
        if (!complete) {
            int lastBreak = length - 1;
            while (lastBreak >= 0 && head[lastBreak] != '\n') {
                lastBreak--;
            }
            if (lastBreak >= 0) {
                end = lastBreak + 1;
            } else {
                while (end > 0 && (head[end - 1] & 0x80) != 0 && length - end < 3) {
                    end--; // no line break at all: at least drop a multi-byte character cut at the end
                }
            }
        }
        return new Sniffed(decode(java.util.Arrays.copyOf(head, end)).charset(), 0);
    }

    public static DecodedText decode(byte[] bytes) {
        int n = bytes.length;
        if (n >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return lenient(bytes, 3, StandardCharsets.UTF_8);
        }
        if (n >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return lenient(bytes, 2, StandardCharsets.UTF_16LE);
        }
        if (n >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return lenient(bytes, 2, StandardCharsets.UTF_16BE);
        }
        Charset utf16 = utf16WithoutBom(bytes);
        if (utf16 != null) {
            return lenient(bytes, 0, utf16);
        }
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return new DecodedText(utf8, StandardCharsets.UTF_8, 0);
        }
        String sjis = strict(bytes, SHIFT_JIS);
        String euc = strict(bytes, EUC_JP);
        if (sjis != null && euc != null) {
            return japaneseScore(euc) > japaneseScore(sjis)
                    ? new DecodedText(euc, EUC_JP, 0) : new DecodedText(sjis, SHIFT_JIS, 0);
        }
        if (sjis != null) {
            return new DecodedText(sjis, SHIFT_JIS, 0);
        }
        if (euc != null) {
            return new DecodedText(euc, EUC_JP, 0);
        }
        // Nothing fits cleanly. Damaged UTF-8 still shows at least as many valid multi-byte sequences as
        // broken ones (random bytes almost never form them); otherwise take the legacy reading that
        // looks most like Japanese text, each broken sequence counting against it.
        DecodedText utf8Reading = lenient(bytes, 0, StandardCharsets.UTF_8);
        if (validNonAscii(utf8Reading.text()) >= utf8Reading.malformed()) {
            return utf8Reading;
        }
        DecodedText best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Charset candidate : new Charset[] {SHIFT_JIS, EUC_JP}) {
            DecodedText decoded = lenient(bytes, 0, candidate);
            double score = japaneseScore(decoded.text())
                    - 4.0 * decoded.malformed() / Math.max(1, Math.min(decoded.text().length(), 8192));
            if (score > bestScore) {
                best = decoded;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * UTF-16 without a BOM shows itself by zero bytes in every other position: the high byte of
     * every ASCII character (digits, commas, line breaks), which real text always has some of.
     */
    private static Charset utf16WithoutBom(byte[] bytes) {
        int pairs = Math.min(bytes.length / 2, 4096);
        if (pairs < 2 || bytes.length % 2 != 0) {
            return null;
        }
        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i < pairs; i++) {
            if (bytes[2 * i] == 0) {
                evenZero++;
            }
            if (bytes[2 * i + 1] == 0) {
                oddZero++;
            }
        }
        if (oddZero > pairs * 0.2 && evenZero < pairs * 0.02) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZero > pairs * 0.2 && oddZero < pairs * 0.02) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static String strict(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static DecodedText lenient(byte[] bytes, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L,
                (long) (bytes.length - offset) * 2 + 16));
        int malformed = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (result.isError()) {
                malformed++;
                out.put('\uFFFD');
                in.position(in.position() + result.length());
            } else {
                throw new IllegalStateException("decoder overflow: " + result);
            }
        }
        out.flip();
        return new DecodedText(out.toString(), charset, malformed);
    }

    private static int validNonAscii(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && c != '\uFFFD') {
                count++;
            }
        }
        return count;
    }

    /** How Japanese a decoding looks: kana and common kanji score, rare ranges cost. */
    static double japaneseScore(String text) {
        int score = 0;
        int limit = Math.min(text.length(), 8192);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if ((c >= 0x3041 && c <= 0x30FC) || (c >= 0x4E00 && c <= 0x9FFF) || c == '、' || c == '。') {
                score += 2;
            } else if (c >= 0xFF61 && c <= 0xFF9F) {
                score -= 1; // half-width katakana: what EUC-JP looks like when read as Shift_JIS
            } else if (c >= 0x0080 && c < 0x3000) {
                score -= 2;
            }
        }
        return limit == 0 ? 0 : (double) score / limit;
    }
}

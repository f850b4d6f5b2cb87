package io.mamori.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDecoderTest {

    private static final String JAPANESE = "氏名,生年月日,個人番号\n山田 太郎,1985年4月12日,123456789018\n"
            + "お問い合わせは総務部までお願いいたします。メールアドレスの記入をお忘れなく。\n";

    private static byte[] withBom(byte[] bom, byte[] body) {
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    private static void assertDecodes(byte[] bytes, Charset expected) {
        DecodedText decoded = TextDecoder.decode(bytes);
        assertThat(decoded.charset()).isEqualTo(expected);
        assertThat(decoded.text()).isEqualTo(JAPANESE);
        assertThat(decoded.isClean()).isTrue();
    }

    @Test
    void utf8WithAndWithoutBom() {
        assertDecodes(JAPANESE.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertDecodes(withBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, JAPANESE.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void shiftJis() {
        assertDecodes(JAPANESE.getBytes(TextDecoder.SHIFT_JIS), TextDecoder.SHIFT_JIS);
    }

    @Test
    void eucJp() {
        assertDecodes(JAPANESE.getBytes(TextDecoder.EUC_JP), TextDecoder.EUC_JP);
    }

    @Test
    void utf16WithBomInBothByteOrders() {
        assertDecodes(withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, JAPANESE.getBytes(StandardCharsets.UTF_16LE)),
                StandardCharsets.UTF_16LE);
        assertDecodes(withBom(new byte[] {(byte) 0xFE, (byte) 0xFF}, JAPANESE.getBytes(StandardCharsets.UTF_16BE)),
                StandardCharsets.UTF_16BE);
    }

    @Test
    void utf16WithoutBomIsToldApartByItsZeroBytes() {
        assertDecodes(JAPANESE.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
        assertDecodes(JAPANESE.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE);
    }

    @Test
    void damagedUtf8StaysUtf8AndCountsTheDamage() {
        byte[] bytes = JAPANESE.getBytes(StandardCharsets.UTF_8);
        bytes[5] = (byte) 0xFF;
        bytes[40] = (byte) 0x80;
        DecodedText decoded = TextDecoder.decode(bytes);
        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(decoded.malformed()).isPositive();
        assertThat(decoded.text()).contains("個人番号");
    }

    @Test
    void randomBytesDecodeToSomethingWithoutFailing() {
        byte[] bytes = new byte[10_000];
        new Random(1).nextBytes(bytes);
        DecodedText decoded = TextDecoder.decode(bytes);
        assertThat(decoded.malformed()).isPositive();
    }
}

package io.mamori.classifier.text;

import java.nio.charset.Charset;

/**
 * Bytes decoded as text, with the charset that was chosen and whether the bytes were clean in
 * it. {@code malformed} counts the byte sequences that had to be replaced.
 */
public record DecodedText(String text, Charset charset, int malformed) {

    public boolean isClean() {
        return malformed == 0;
    }
}

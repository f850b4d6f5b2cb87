package io.mamori.classifier.extract;

import java.time.Duration;

/**
 * Optical character recognition of images and image-only PDFs through Tesseract. Off by default:
 * without it those files are UNSUPPORTED, never clean.
 *
 * @param enabled   whether to run OCR (Tesseract must be installed)
 * @param languages Tesseract languages, e.g. {@code jpn+eng}
 * @param timeout   the longest OCR may take for one file
 */
public record OcrSettings(boolean enabled, String languages, Duration timeout) {

    public static final OcrSettings OFF = new OcrSettings(false, "jpn+eng", Duration.ofSeconds(60));

    public static OcrSettings on(Duration timeout) {
        return new OcrSettings(true, "jpn+eng", timeout);
    }
}

package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

class DetectedOnceTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final Detector tika = (InputStream in, Metadata metadata) -> {
        asked.incrementAndGet();
        return MediaType.application("zip");
    };
    private final ContentExtractor.DetectedOnce detector = new ContentExtractor.DetectedOnce(tika);

    @Test
    void theTypeAlreadyDetectedIsTakenOnceWithoutAskingTikaAgain() throws Exception {
        Metadata metadata = new Metadata();
        metadata.set(ContentExtractor.DetectedOnce.TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(detector.detect(new ByteArrayInputStream(new byte[] {1}), metadata).toString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(asked).hasValue(0);
        assertThat(metadata.get(ContentExtractor.DetectedOnce.TYPE)).isNull();
        // the same metadata again (a parser that detects twice) and any embedded file: Tika's detector
        assertThat(detector.detect(new ByteArrayInputStream(new byte[] {1}), metadata)).isEqualTo(MediaType.application("zip"));
        assertThat(asked).hasValue(1);
    }

    @Test
    void withoutADetectedTypeTikasDetectorDecides() throws Exception {
        assertThat(detector.detect(new ByteArrayInputStream(new byte[] {1}), new Metadata()))
                .isEqualTo(MediaType.application("zip"));
        Metadata unreadable = new Metadata();
        unreadable.set(ContentExtractor.DetectedOnce.TYPE, "not a media type");
        assertThat(detector.detect(new ByteArrayInputStream(new byte[] {1}), unreadable))
                .isEqualTo(MediaType.application("zip"));
        assertThat(asked).hasValue(2);
    }
}

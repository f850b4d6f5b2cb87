package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

/**
 * ContentExtractor detects a file's type and hands it to Tika's parser through the
 * parser-override property, so that the parser does not detect the file a second time: Tika's
 * detector (as Mamori configures it) must then answer without reading the file.
 */
class TypeDetectedOnceTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** A file that must not be read. */
    private static final InputStream UNREAD = new InputStream() {
        @Override
        public int read() throws IOException {
            throw new IOException("the file was read again");
        }
    };

    @Test
    void theConfiguredDetectorTakesTheTypeAlreadyDetectedWithoutReading() throws Exception {
        TikaConfig tika;
        try (InputStream config = ContentExtractor.class.getResourceAsStream("tika-config.xml")) {
            tika = new TikaConfig(config);
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, "notes.txt");
        metadata.set(TikaCoreProperties.CONTENT_TYPE_PARSER_OVERRIDE, XLSX);
        assertThat(tika.getDetector().detect(UNREAD, metadata)).isEqualTo(MediaType.parse(XLSX));
    }
}

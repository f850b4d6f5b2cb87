package io.mamori.console.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the console's log keeps on one line, and that its shipped configuration uses it. */
class OneLineTest {

    @Test
    void lineBreaksAndEscapeCodesAreWrittenAsEscapesAndJapaneseIsKept() {
        assertThat(OneLine.of("pc-01\r\n12:00:00.000 ERROR forged")).isEqualTo("pc-01\\r\\n12:00:00.000 ERROR forged");
        assertThat(OneLine.of("\u001b[2J\u001b]0;title\u0007")).isEqualTo("\\u001b[2J\\u001b]0;title\\u0007");
        assertThat(OneLine.of("a\u2028b\u202eevil")).isEqualTo("a\\u2028b\\u202eevil");
        assertThat(OneLine.of("営業部の PC\t（田中）")).isEqualTo("営業部の PC\t（田中）");
        assertThat(OneLine.of(null)).isNull();
    }

    @Test
    void theShippedLogConfigurationWritesNoMessageOrExceptionRaw() throws IOException {
        for (String resource : new String[] {"/logback.xml", "/logback-test.xml"}) {
            String xml;
            try (InputStream in = OneLineTest.class.getResourceAsStream(resource)) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String pattern = xml.substring(xml.indexOf("<pattern>"), xml.indexOf("</pattern>"));
            assertThat(pattern).as(resource).contains("%oneLineMessage").contains("%oneLineException")
                    .doesNotContainPattern("%(msg|m|message|ex|exception|throwable|xEx|rEx)\\b");
        }
    }
}

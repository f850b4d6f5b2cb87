package io.mamori.console.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventCsvTest {

    @Test
    void valuesASpreadsheetWouldRunAsFormulasAreMadeText() {
        assertThat(EventCsv.inert("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(EventCsv.inert("+81-3-0000-0000")).isEqualTo("'+81-3-0000-0000");
        assertThat(EventCsv.inert("-x")).isEqualTo("'-x");
        assertThat(EventCsv.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(EventCsv.inert("/media/usb/顧客名簿.xlsx")).isEqualTo("/media/usb/顧客名簿.xlsx");
        assertThat(EventCsv.inert(null)).isNull();
    }
}

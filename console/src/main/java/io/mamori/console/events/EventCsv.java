package io.mamori.console.events;

import io.mamori.console.ConsoleMessages;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Events as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel in Japan opens it
 * correctly), headers in the reader's language, and cells that a spreadsheet would run as a
 * formula ({@code =}, {@code +}, {@code -}, {@code @}) made inert. Masked samples are left out:
 * exports travel further than the console.
 */
final class EventCsv implements AutoCloseable {

    private static final List<String> COLUMNS = List.of("occurredAt", "kind", "host", "user", "program", "device", "serial",
            "path", "sha256", "size", "inspection", "findings", "people", "reportable", "action", "eventId", "agentId");

    private final CSVPrinter printer;

    EventCsv(Writer out, ConsoleMessages messages) throws IOException {
        out.write('\uFEFF');
        this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(COLUMNS.stream().map(c -> messages.get("csv." + c)).toArray(String[]::new)).get());
    }

    void write(EventSearch.EventSummary e) throws IOException {
        printer.printRecord(
                e.occurredAt(),
                e.kind(),
                inert(e.host()),
                inert(e.user()),
                inert(e.program()),
                e.deviceVendorId() == null ? "" : e.deviceVendorId() + ":" + (e.deviceProductId() == null ? "" : e.deviceProductId()),
                inert(e.deviceSerial()),
                inert(e.filePath()),
                e.fileSha256(),
                e.fileSize(),
                e.inspection(),
                e.findings().stream().map(f -> f.type() + "/" + f.confidence() + "/" + f.count()).collect(Collectors.joining("; ")),
                e.people(),
                String.join(" ", e.reportable()),
                e.action(),
                e.eventId(),
                e.agentId());
    }

    /** A value that starts like a formula gets a leading apostrophe, which spreadsheets show as text. */
    static String inert(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}

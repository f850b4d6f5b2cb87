package io.mamori.console.events;

import io.mamori.console.ConsoleMessages;
import io.mamori.console.accounts.Roles;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The operation log as delivered by agents: search, one event in full, CSV export. */
@Controller("/api/admin/events")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {

    /** An export larger than this is cut, and the answer says so. */
    static final long MAX_EXPORT_ROWS = 1_000_000;

    private final EventSearch events;

    public EventController(EventSearch events) {
        this.events = events;
    }

    @Get
    public Page<EventSearch.EventSummary> search(@QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
            @QueryValue @Nullable String user, @QueryValue @Nullable String host, @QueryValue @Nullable String agentId,
            @QueryValue @Nullable String device, @QueryValue @Nullable String findingType, @QueryValue @Nullable String action,
            @QueryValue @Nullable String kind, @QueryValue @Nullable String cursor, @QueryValue @Nullable Integer limit) {
        return events.search(new EventSearch.Query(from, to, user, host, agentId, device, findingType, action, kind,
                Cursor.decode(cursor), Cursor.limit(limit, 50, 500)));
    }

    @Get("/{eventId}")
    public EventSearch.EventDetail get(@PathVariable String eventId) {
        return events.get(eventId);
    }

    /** Every matching event as CSV, newest first (at most a million rows; X-Mamori-Truncated says when cut). */
    @Get("/export.csv")
    public HttpResponse<StreamedFile> export(@QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
            @QueryValue @Nullable String user, @QueryValue @Nullable String host, @QueryValue @Nullable String agentId,
            @QueryValue @Nullable String device, @QueryValue @Nullable String findingType, @QueryValue @Nullable String action,
            @QueryValue @Nullable String kind, @QueryValue @Nullable String lang,
            @Header(HttpHeaders.ACCEPT_LANGUAGE) @Nullable String acceptLanguage) {
        EventSearch.Query query = new EventSearch.Query(from, to, user, host, agentId, device, findingType, action, kind, null, 1);
        Path file;
        long rows;
        try {
            file = Files.createTempFile("mamori-events-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the export", e);
        }
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
                EventCsv csv = new EventCsv(out, ConsoleMessages.forRequest(lang, acceptLanguage))) {
            long[] written = {0};
            rows = events.forEach(query, MAX_EXPORT_ROWS + 1, event -> {
                if (written[0]++ == MAX_EXPORT_ROWS) {
                    return;
                }
                try {
                    csv.write(event);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        InputStream in;
        try {
            in = new DeletingInputStream(file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        }
        String name = "mamori-events-" + Instant.now().toString().replace(":", "").substring(0, 15) + ".csv";
        return HttpResponse.ok(new StreamedFile(in, new MediaType("text/csv; charset=utf-8")).attach(name))
                .header("X-Mamori-Rows", Long.toString(Math.min(rows, MAX_EXPORT_ROWS)))
                .header("X-Mamori-Truncated", Boolean.toString(rows > MAX_EXPORT_ROWS));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans its temp directory
        }
    }

    /** The export's temporary file, removed once the answer has been sent. */
    private static final class DeletingInputStream extends FilterInputStream {
        private final Path file;

        DeletingInputStream(Path file) throws IOException {
            super(Files.newInputStream(file));
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                deleteQuietly(file);
            }
        }
    }
}

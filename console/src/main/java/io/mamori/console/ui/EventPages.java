package io.mamori.console.ui;

import io.mamori.console.accounts.Roles;
import io.mamori.console.events.EventSearch;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Event search with filters and paging, CSV export of the same filters, and one event in full. */
@Controller("/ui/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class EventPages {

    static final int PAGE_SIZE = 50;
    private static final com.fasterxml.jackson.databind.ObjectWriter PRETTY =
            ProtocolJson.newMapper().writerWithDefaultPrettyPrinter();

    private final EventSearch events;
    private final UiPages pages;

    public EventPages(EventSearch events, UiPages pages) {
        this.events = events;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> search(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String user,
            @Nullable @QueryValue String host, @Nullable @QueryValue String device, @Nullable @QueryValue String findingType,
            @Nullable @QueryValue String action, @Nullable @QueryValue String kind, @Nullable @QueryValue String cursor) {
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "from", from);
        put(filters, "to", to);
        put(filters, "user", user);
        put(filters, "host", host);
        put(filters, "device", device);
        put(filters, "findingType", findingType);
        put(filters, "action", action);
        put(filters, "kind", kind);
        Map<String, Object> model = new HashMap<>();
        model.put("filters", filters);
        model.put("actions", io.mamori.protocol.policy.Action.values());
        model.put("kinds", io.mamori.protocol.event.EventKind.values());
        try {
            Instant start = day(from, "from", 0);
            Instant end = day(to, "to", 1);
            Page<EventSearch.EventSummary> page = events.search(new EventSearch.Query(start, end, user, host, null, device,
                    findingType, action, kind, cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor), PAGE_SIZE));
            model.put("events", page.items());
            model.put("next", page.nextCursor() == null ? null : "/ui/events?" + query(filters) + "&cursor="
                    + URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8));
        } catch (ApiException invalid) {
            model.put("events", java.util.List.of());
            model.put("error", Map.of("key", "error.invalid", "detail",
                    (invalid.field() == null ? "" : invalid.field() + ": ") + invalid.getMessage()));
        }
        model.put("paged", cursor != null && !cursor.isBlank());
        io.mamori.console.accounts.Role role = UiPages.role(authentication);
        model.put("canOpenIncident", role == io.mamori.console.accounts.Role.ADMIN || role == io.mamori.console.accounts.Role.REVIEWER);
        model.put("first", "/ui/events?" + query(filters));
        model.put("csv", "/api/admin/events/export.csv?" + query(csvFilters(filters)) + "&lang=" + (pages.language(request)
                == java.util.Locale.JAPANESE ? "ja" : "en"));
        return pages.page("events", "events", request, authentication, model);
    }

    @Get("/{eventId}")
    public ModelAndView<Map<String, Object>> event(@PathVariable String eventId, HttpRequest<?> request,
            Authentication authentication) throws com.fasterxml.jackson.core.JsonProcessingException {
        EventSearch.EventDetail detail = events.get(eventId);
        return pages.page("event", "events", request, authentication, Map.of("event", detail.summary(),
                "reviewState", detail.reviewState() == null ? "" : detail.reviewState(),
                "document", PRETTY.writeValueAsString(detail.event())));
    }

    /** The day's start (or the next day's, for an end) in the console's zone; null when not given. */
    private Instant day(String text, String field, int plusDays) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(pages.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "is a date like 2026-04-01");
        }
    }

    /** The CSV export takes instants, not days. */
    private Map<String, String> csvFilters(Map<String, String> filters) {
        Map<String, String> csv = new LinkedHashMap<>(filters);
        try {
            if (filters.containsKey("from")) {
                csv.put("from", day(filters.get("from"), "from", 0).toString());
            }
            if (filters.containsKey("to")) {
                csv.put("to", day(filters.get("to"), "to", 1).toString());
            }
        } catch (ApiException invalid) {
            csv.remove("from");
            csv.remove("to");
        }
        return csv;
    }

    private static void put(Map<String, String> filters, String name, String value) {
        if (value != null && !value.isBlank()) {
            filters.put(name, value.strip());
        }
    }

    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }
}

package io.mamori.console.ui;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Role;
import io.mamori.console.accounts.Roles;
import io.mamori.console.events.EventSearch;
import io.mamori.console.incidents.AppiAssessment;
import io.mamori.console.incidents.Incidents;
import io.mamori.console.incidents.ResponseStep;
import io.mamori.console.web.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Incidents: the list (open or closed, with the report deadlines and what is overdue), opening one
 * from events, and one incident with its events, its response steps and its APPI assessment.
 * Administrators and reviewers work incidents; auditors read them.
 */
@Controller("/ui/incidents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class IncidentPages {

    private final Incidents incidents;
    private final EventSearch events;
    private final UiPages pages;

    public IncidentPages(Incidents incidents, EventSearch events, UiPages pages) {
        this.incidents = incidents;
        this.events = events;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue String state) {
        boolean closed = "closed".equals(state);
        Map<String, Object> model = new HashMap<>();
        model.put("closed", closed);
        model.put("incidents", incidents.list(closed));
        model.put("today", incidents.today());
        model.put("canWork", canWork(authentication));
        return pages.page("incidents", "incidents", request, authentication, model);
    }

    /** The form to open an incident; {@code ?events=<id>&events=<id>} fills in the events (the events page links here). */
    @Get("/new")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public ModelAndView<Map<String, Object>> newIncident(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue List<String> events) {
        List<String> given = events == null ? List.of() : events;
        return newForm(request, authentication, "", String.join("\n", given), "", null);
    }

    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public HttpResponse<?> open(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        List<String> eventIds = form.values("events");
        try {
            String id = incidents.open(AdminPrincipal.of(authentication), form.value("title"), eventIds, form.value("note"));
            return UiPages.seeOther("/ui/incidents/" + id);
        } catch (ApiException refused) {
            if (refused.status() != HttpStatus.BAD_REQUEST) {
                throw refused;
            }
            return HttpResponse.badRequest(newForm(request, authentication, form.text("title"),
                    String.join("\n", eventIds), form.text("note"), refused));
        }
    }

    @Get("/{id}")
    public ModelAndView<Map<String, Object>> incident(@PathVariable String id, HttpRequest<?> request,
            Authentication authentication) {
        return detail(id, request, authentication, null, Map.of());
    }

    @Post("/{id}/note")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public HttpResponse<?> note(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        return change(id, request, authentication, Map.of("note", form.text("note")),
                () -> incidents.note(AdminPrincipal.of(authentication), id, form.value("note")));
    }

    @Post("/{id}/advance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public HttpResponse<?> advance(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        return change(id, request, authentication, Map.of("note", form.text("note")), () -> incidents.advance(
                AdminPrincipal.of(authentication), id, step(form.text("from")), form.value("note")));
    }

    @Post("/{id}/owner")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public HttpResponse<?> owner(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        return change(id, request, authentication, Map.of(),
                () -> incidents.assign(AdminPrincipal.of(authentication), id, form.value("owner")));
    }

    @Post("/{id}/judgement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public HttpResponse<?> judgement(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        return change(id, request, authentication, Map.of(), () -> incidents.judge(AdminPrincipal.of(authentication), id,
                new Incidents.JudgementChange(yesNo(form.text("improperPurpose"), "improperPurpose"),
                        dataLeft(form.text("dataLeft")), day(form.text("awareOn"), "awareOn"),
                        day(form.text("preliminaryReportedOn"), "preliminaryReportedOn"),
                        day(form.text("finalReportedOn"), "finalReportedOn"))));
    }

    /** Makes a change and shows the incident again; a bad field shows the incident with the message, the input kept. */
    private HttpResponse<?> change(String id, HttpRequest<?> request, Authentication authentication, Map<String, String> draft,
            Runnable work) {
        try {
            work.run();
            return UiPages.seeOther("/ui/incidents/" + id);
        } catch (ApiException refused) {
            if (refused.status() != HttpStatus.BAD_REQUEST) {
                throw refused;
            }
            return HttpResponse.badRequest(detail(id, request, authentication, refused, draft));
        }
    }

    private ModelAndView<Map<String, Object>> detail(String id, HttpRequest<?> request, Authentication authentication,
            @Nullable ApiException refused, Map<String, String> draft) {
        Incidents.Detail detail = incidents.get(id);
        LocalDate today = incidents.today();
        Map<String, Object> model = new HashMap<>();
        model.put("incident", detail.incident());
        model.put("events", detail.events());
        Map<String, Integer> numbers = new HashMap<>();
        detail.events().forEach(e -> numbers.put(e.eventId(), numbers.size() + 1));
        model.put("numbers", numbers);
        model.put("history", detail.history());
        model.put("assessment", detail.assessment());
        model.put("steps", ResponseStep.values());
        model.put("triggers", AppiAssessment.Trigger.values());
        model.put("dataLeftChoices", AppiAssessment.DataLeft.values());
        model.put("today", today);
        model.put("preliminaryOverdue", detail.assessment().preliminaryOverdue(today));
        model.put("finalOverdue", detail.assessment().finalOverdue(today));
        model.put("canWork", canWork(authentication) && !detail.incident().closed());
        model.put("owners", incidents.possibleOwners());
        model.put("draftNote", draft.getOrDefault("note", ""));
        if (refused != null) {
            model.put("error", refusal(refused));
        }
        return pages.page("incident", "incidents", request, authentication, model);
    }

    private ModelAndView<Map<String, Object>> newForm(HttpRequest<?> request, Authentication authentication, String title,
            String eventText, String note, @Nullable ApiException refused) {
        List<EventSearch.EventSummary> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String part : eventText.split("[\\s,]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                found.add(events.get(part).summary());
            } catch (ApiException notFound) {
                unknown.add(part.length() > 40 ? part.substring(0, 40) + "…" : part);
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("eventText", eventText);
        model.put("note", note);
        model.put("events", found);
        model.put("unknown", unknown);
        if (refused != null) {
            model.put("error", refusal(refused));
        }
        return pages.page("incident-new", "incidents", request, authentication, model);
    }

    private static boolean canWork(Authentication authentication) {
        return UiPages.role(authentication) != Role.AUDITOR;
    }

    private static Map<String, String> refusal(ApiException refused) {
        String field = refused.field();
        return Map.of("key", field == null ? "error.invalid" : "incidents.field." + field,
                "detail", (field == null ? "" : field + ": ") + refused.getMessage());
    }

    private static ResponseStep step(String text) {
        try {
            return ResponseStep.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("step", "is not a response step");
        }
    }

    private static boolean yesNo(String text, String field) {
        return switch (text) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw ApiException.badRequest(field, "is yes or no");
        };
    }

    private static AppiAssessment.DataLeft dataLeft(String text) {
        try {
            return AppiAssessment.DataLeft.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("dataLeft", "is YES, NO or UNKNOWN");
        }
    }

    private static LocalDate day(String text, String field) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "is a date like 2026-04-01");
        }
    }
}

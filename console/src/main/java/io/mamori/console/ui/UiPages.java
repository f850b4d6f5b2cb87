package io.mamori.console.ui;

import io.mamori.console.accounts.Role;
import io.mamori.console.accounts.SessionAuthenticationFetcher;
import io.mamori.console.accounts.Sessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.micronaut.http.MediaType;
import io.micronaut.views.ViewsRenderer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import io.mamori.console.ConsoleSettings;

/**
 * What every page of the web UI is made with: the layout's model (who is signed in, their
 * navigation, the CSRF token for forms, the language) around the page's own.
 */
@Singleton
public class UiPages {

    /** The language cookie the switch sets; without it the browser's Accept-Language decides. */
    public static final String LANGUAGE_COOKIE = "mamori_lang";

    /** One entry of the navigation; {@code roles} may open it. */
    public record NavItem(String id, String href, String textKey, Set<Role> roles) {
    }

    /** The navigation, in order. Read-only roles see read-only pages (the pages check again). */
    public static final List<NavItem> NAVIGATION = List.of(
            new NavItem("dashboard", "/ui/dashboard", "nav.dashboard", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("review", "/ui/review", "nav.review", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("requests", "/ui/requests", "nav.requests", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("alerts", "/ui/alerts", "nav.alerts", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("events", "/ui/events", "nav.events", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("incidents", "/ui/incidents", "nav.incidents", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("fleet", "/ui/fleet", "nav.fleet", Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR)),
            new NavItem("policy", "/ui/policy", "nav.policy", Set.of(Role.ADMIN, Role.AUDITOR)));

    private final HttpLocaleResolver locales;
    private final UiTexts texts;
    private final ZoneId zone;
    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> renderer;

    public UiPages(HttpLocaleResolver locales, UiTexts texts, ConsoleSettings settings,
            ViewsRenderer<Map<String, Object>, HttpRequest<?>> renderer) {
        this.locales = locales;
        this.texts = texts;
        this.zone = settings.getTimeZone();
        this.renderer = renderer;
    }

    /**
     * A page rendered here, as HTML: for answers made outside a controller (refusals from
     * exception handlers), which the views filter does not render.
     */
    public MutableHttpResponse<?> rendered(HttpStatus status, ModelAndView<Map<String, Object>> page, HttpRequest<?> request) {
        StringWriter html = new StringWriter();
        try {
            renderer.render(page.getView().orElseThrow(), page.getModel().orElseThrow(), request).writeTo(html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpResponse.status(status).body(html.toString()).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=UTF-8");
    }

    /** The time zone pages show times in ({@code mamori.console.time-zone}). */
    public ZoneId zone() {
        return zone;
    }

    /** The formatter pages use, for code that prepares a page's values. */
    public UiFormat format(HttpRequest<?> request) {
        return new UiFormat(texts, language(request), zone);
    }

    /** {@link Locale#JAPANESE} or {@link Locale#ROOT} (English) for this request. */
    public Locale language(HttpRequest<?> request) {
        return UiTexts.language(locales.resolveOrDefault(request));
    }

    public String text(HttpRequest<?> request, String key) {
        return texts.text(key, language(request));
    }

    /** A page of a signed-in person ({@code authentication} null before signing in). */
    public ModelAndView<Map<String, Object>> page(String view, String active, HttpRequest<?> request,
            @Nullable Authentication authentication, Map<String, ?> pageModel) {
        Map<String, Object> model = new HashMap<>(pageModel);
        Locale language = language(request);
        model.put("lang", language == Locale.JAPANESE ? "ja" : "en");
        model.put("fmt", new UiFormat(texts, language, zone));
        model.put("otherLang", language == Locale.JAPANESE ? "en" : "ja");
        model.put("active", active);
        model.put("here", URLEncoder.encode(request.getUri().toString(), StandardCharsets.UTF_8));
        Sessions.Live live = authentication == null ? null : SessionAuthenticationFetcher.live(authentication);
        if (live != null) {
            model.put("csrf", live.csrfToken());
            model.put("me", live.person().username());
            model.put("myRole", live.person().role().name());
            if (live.stage() == io.mamori.console.accounts.SessionStage.ACTIVE) {
                model.put("nav", navigation(live.person().role()));
            }
        }
        return new ModelAndView<>(view, model);
    }

    public static List<NavItem> navigation(Role role) {
        List<NavItem> items = new ArrayList<>();
        for (NavItem item : NAVIGATION) {
            if (item.roles().contains(role)) {
                items.add(item);
            }
        }
        return items;
    }

    /** The role of the person signed in. */
    public static Role role(Authentication authentication) {
        return SessionAuthenticationFetcher.live(authentication).person().role();
    }

    /** After a form: see the page at {@code path} (303, so a reload does not send the form again). */
    public static MutableHttpResponse<?> seeOther(String path) {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(headers -> headers.location(URI.create(path)));
    }

    /** A path inside the UI a redirect may go to; anything else (another site, a scheme) is refused. */
    public static String safeReturn(@Nullable String path, String otherwise) {
        if (path == null || !path.startsWith("/ui") || path.startsWith("/ui/static") || path.contains("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return otherwise;
        }
        return path;
    }
}

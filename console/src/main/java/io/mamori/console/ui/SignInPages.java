package io.mamori.console.ui;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.accounts.Accounts;
import io.mamori.console.accounts.Roles;
import io.mamori.console.accounts.SessionController;
import io.mamori.console.accounts.SessionAuthenticationFetcher;
import io.mamori.console.accounts.SessionStage;
import io.mamori.console.accounts.Sessions;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.RequestGuards;
import io.mamori.console.web.UnauthenticatedDoor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signing in through the browser, step by step over the console's cookie sessions: password,
 * then the authenticator app's code (or a recovery code); on a first sign-in a new password, and
 * where the console requires a second factor, enrolling one. Every step issues a new session id.
 * Also signing out and the language switch.
 */
@Controller("/ui")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignInPages {

    private final Accounts accounts;
    private final ConsoleSettings settings;
    private final UiPages pages;

    public SignInPages(Accounts accounts, ConsoleSettings settings, UiPages pages) {
        this.accounts = accounts;
        this.settings = settings;
        this.pages = pages;
    }

    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> home(@Nullable Authentication authentication) {
        return UiPages.seeOther(authentication == null ? "/ui/sign-in" : "/ui/dashboard");
    }

    @Get("/sign-in")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> signInPage(HttpRequest<?> request, @Nullable Authentication authentication,
            @Nullable @QueryValue String ended) {
        if (authentication != null && authentication.getAttributes().containsKey("liveSession")
                && SessionAuthenticationFetcher.live(authentication).stage() == SessionStage.ACTIVE) {
            return UiPages.seeOther("/ui/dashboard");
        }
        return HttpResponse.ok(pages.page("sign-in", "", request, null, Map.of("username", "", "ended", ended != null)));
    }

    @Post("/sign-in")
    @UnauthenticatedDoor
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> signIn(@Body @Nullable byte[] body, HttpRequest<?> request) {
        Forms form = Forms.anonymous(body);
        String username = form.text("username");
        try {
            Accounts.SignIn result = accounts.signIn(username, form.value("password") == null ? "" : form.value("password"),
                    RequestGuards.clientAddress(request), SessionController.deviceToken(request));
            return next(result);
        } catch (ApiException refused) {
            return HttpResponse.status(refused.status()).body(pages.page("sign-in", "", request, null,
                    Map.of("username", username.length() > 64 ? "" : username, "error", refusal(refused))));
        }
    }

    @Get("/sign-in/code")
    @Secured(Roles.SECOND_FACTOR_PENDING)
    public ModelAndView<Map<String, Object>> codePage(HttpRequest<?> request, Authentication authentication) {
        return pages.page("sign-in-code", "", request, authentication, Map.of());
    }

    @Post("/sign-in/code")
    @UnauthenticatedDoor
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.SECOND_FACTOR_PENDING)
    public HttpResponse<?> code(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        String code = form.text("code").replace(" ", "");
        boolean recovery = code.length() > 8;
        try {
            Accounts.SignIn result = accounts.secondFactor(SessionAuthenticationFetcher.live(authentication),
                    recovery ? null : code, recovery ? code : null, RequestGuards.clientAddress(request),
                    SessionController.deviceToken(request));
            return next(result);
        } catch (ApiException refused) {
            // a wrong code; after too many the account locks and the next step finds the session gone
            Map<String, String> error = "SIGN_IN_FAILED".equals(refused.code())
                    ? Map.of("key", "signin.code.failed", "detail", "") : refusal(refused);
            return HttpResponse.status(refused.status()).body(pages.page("sign-in-code", "", request, authentication,
                    Map.of("error", error)));
        }
    }

    @Get("/sign-in/password")
    @Secured({Roles.PASSWORD_CHANGE_PENDING, Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    public ModelAndView<Map<String, Object>> passwordPage(HttpRequest<?> request, Authentication authentication) {
        return pages.page("sign-in-password", "", request, authentication, Map.of());
    }

    @Post("/sign-in/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.PASSWORD_CHANGE_PENDING, Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    public HttpResponse<?> password(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        String wanted = form.value("newPassword") == null ? "" : form.value("newPassword");
        if (!wanted.equals(form.value("repeatPassword"))) {
            return HttpResponse.badRequest(pages.page("sign-in-password", "", request, authentication,
                    Map.of("error", Map.of("key", "signin.password.mismatch", "detail", ""))));
        }
        try {
            Accounts.SignIn result = accounts.changePassword(SessionAuthenticationFetcher.live(authentication),
                    form.value("currentPassword") == null ? "" : form.value("currentPassword"), wanted,
                    RequestGuards.clientAddress(request));
            return next(result);
        } catch (ApiException refused) {
            return HttpResponse.status(refused.status()).body(pages.page("sign-in-password", "", request, authentication,
                    Map.of("error", refusal(refused))));
        }
    }

    @Get("/sign-in/setup")
    @Secured({Roles.SECOND_FACTOR_SETUP_PENDING, Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    public ModelAndView<Map<String, Object>> setupPage(HttpRequest<?> request, Authentication authentication) {
        return pages.page("sign-in-setup", "", request, authentication,
                Map.of("enrolled", SessionAuthenticationFetcher.live(authentication).person().secondFactor()));
    }

    /** Starts an enrolment (a new secret each time) and shows the secret to put into the app. */
    @Post("/sign-in/setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.SECOND_FACTOR_SETUP_PENDING, Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    public HttpResponse<?> beginSetup(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms.of(body, authentication);
        Sessions.Live live = SessionAuthenticationFetcher.live(authentication);
        try {
            Accounts.SecondFactorEnrolment enrolment = accounts.beginSecondFactor(live, RequestGuards.clientAddress(request));
            return HttpResponse.ok(pages.page("sign-in-setup", "", request, authentication, Map.of("enrolled", false,
                    "secret", grouped(enrolment.secret()), "otpauth", enrolment.otpauthUri(),
                    "qr", QrCodes.svg(enrolment.otpauthUri()).orElse(""))));
        } catch (ApiException refused) {
            return HttpResponse.status(refused.status()).body(pages.page("sign-in-setup", "", request, authentication,
                    Map.of("enrolled", live.person().secondFactor(), "error", refusal(refused))));
        }
    }

    @Post("/sign-in/setup/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.SECOND_FACTOR_SETUP_PENDING, Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    public HttpResponse<?> confirmSetup(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        try {
            Accounts.SecondFactorConfirmed confirmed = accounts.confirmSecondFactor(
                    SessionAuthenticationFetcher.live(authentication), form.text("code").replace(" ", ""),
                    RequestGuards.clientAddress(request));
            MutableHttpResponse<?> shown = HttpResponse.ok(pages.page("sign-in-recovery", "", request, null,
                    Map.of("recoveryCodes", confirmed.recoveryCodes())));
            return confirmed.session() == null ? shown : shown.cookie(sessionCookie(confirmed.session().cookieValue()));
        } catch (ApiException refused) {
            Map<String, Object> model = new HashMap<>();
            model.put("enrolled", false);
            model.put("secret", form.text("secret"));
            model.put("otpauth", form.text("otpauth"));
            model.put("qr", form.text("otpauth").startsWith("otpauth://") ? QrCodes.svg(form.text("otpauth")).orElse("") : "");
            model.put("error", refusal(refused));
            return HttpResponse.status(refused.status()).body(pages.page("sign-in-setup", "", request, authentication, model));
        }
    }

    @Post("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.SECOND_FACTOR_PENDING, Roles.PASSWORD_CHANGE_PENDING,
            Roles.SECOND_FACTOR_SETUP_PENDING})
    public MutableHttpResponse<?> signOut(@Body @Nullable byte[] body, HttpRequest<?> request, Authentication authentication) {
        Forms.of(body, authentication);
        accounts.signOut(SessionAuthenticationFetcher.live(authentication), RequestGuards.clientAddress(request));
        return UiPages.seeOther("/ui/sign-in").cookie(sessionCookie("").maxAge(Duration.ZERO));
    }

    /** The language switch: a preference cookie, then back to the page it was pressed on. */
    @Get("/language/{language}")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> language(@PathVariable String language, @Nullable @QueryValue String back) {
        if (!language.equals("ja") && !language.equals("en")) {
            throw ApiException.badRequest("language", "is ja or en");
        }
        Cookie cookie = Cookie.of(UiPages.LANGUAGE_COOKIE, language).path("/").sameSite(SameSite.Lax)
                .secure(settings.isTls()).maxAge(Duration.ofDays(365));
        return UiPages.seeOther(UiPages.safeReturn(back, "/ui")).cookie(cookie);
    }

    private MutableHttpResponse<?> next(Accounts.SignIn result) {
        MutableHttpResponse<?> response = next(result.session());
        return result.deviceToken() == null ? response
                : response.cookie(SessionController.deviceCookie(result.deviceToken(), settings.isTls()));
    }

    private MutableHttpResponse<?> next(Sessions.Issued session) {
        String next = switch (session.stage()) {
            case SECOND_FACTOR -> "/ui/sign-in/code";
            case PASSWORD_CHANGE -> "/ui/sign-in/password";
            case SECOND_FACTOR_SETUP -> "/ui/sign-in/setup";
            case ACTIVE -> "/ui/dashboard";
        };
        return UiPages.seeOther(next).cookie(sessionCookie(session.cookieValue()));
    }

    private Cookie sessionCookie(String value) {
        return Cookie.of(Sessions.COOKIE, value).httpOnly(true).secure(settings.isTls()).sameSite(SameSite.Strict).path("/");
    }

    /** The text key (and the console's detail) for a refused step, shown on the page. */
    private static Map<String, String> refusal(ApiException refused) {
        String key = switch (refused.code()) {
            case "SIGN_IN_FAILED", "UNAUTHORIZED" -> "signin.failed";
            case "RATE_LIMITED", "SIGN_IN_THROTTLED", "BUSY" -> "error.rateLimited";
            default -> "signin.refused";
        };
        return Map.of("key", key, "detail", refused.field() == null ? refused.getMessage()
                : refused.field() + ": " + refused.getMessage());
    }

    private static String grouped(String secret) {
        return String.join(" ", List.of(secret.split("(?<=\\G.{4})")));
    }
}

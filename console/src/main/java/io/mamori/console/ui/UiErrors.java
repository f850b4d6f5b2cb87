package io.mamori.console.ui;

import io.mamori.console.accounts.Roles;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.ApiExceptionHandlers;
import io.mamori.console.web.ErrorResponses;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Refusals on the web UI's pages are pages too: a person who is not signed in is sent to the
 * sign-in page, one half-way through signing in to their next step, and a refusal (a role that
 * may not do this, a form without its token, a bad field) is shown as a page in their language.
 * The API keeps its JSON answers.
 */
public final class UiErrors {

    private UiErrors() {
    }

    static boolean isUi(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    @Singleton
    @Replaces(ApiExceptionHandlers.Api.class)
    @SuppressWarnings("rawtypes")
    public static class Refusals implements ExceptionHandler<ApiException, HttpResponse<?>> {

        private final UiPages pages;

        public Refusals(UiPages pages) {
            this.pages = pages;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
            if (!isUi(request)) {
                return ApiExceptionHandlers.Api.answer(request, exception);
            }
            return errorPage(pages, request, exception.status(), exception.code(), exception.getMessage());
        }
    }

    @Singleton
    @Replaces(DefaultAuthorizationExceptionHandler.class)
    @SuppressWarnings("removal") // the constructor without challenge providers: the console has none
    public static class Unauthorized extends DefaultAuthorizationExceptionHandler {

        private final UiPages pages;

        public Unauthorized(ErrorResponseProcessor<?> errorResponseProcessor, RedirectConfiguration redirectConfiguration,
                RedirectService redirectService, @Nullable PriorToLoginPersistence<?, ?> priorToLoginPersistence, UiPages pages) {
            super(errorResponseProcessor, redirectConfiguration, redirectService, priorToLoginPersistence);
            this.pages = pages;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
            if (!isUi(request)) {
                return super.handle(request, exception);
            }
            Authentication who = exception.getAuthentication();
            if (who == null || exception.isForbidden() && who.getRoles().isEmpty()) {
                return UiPages.seeOther("/ui/sign-in");
            }
            String next = nextStep(who);
            if (next != null && !request.getPath().equals(next)) {
                return UiPages.seeOther(next);
            }
            return errorPage(pages, request, HttpStatus.FORBIDDEN, "FORBIDDEN", null);
        }

        private static String nextStep(Authentication who) {
            if (who.getRoles().contains(Roles.SECOND_FACTOR_PENDING)) {
                return "/ui/sign-in/code";
            }
            if (who.getRoles().contains(Roles.PASSWORD_CHANGE_PENDING)) {
                return "/ui/sign-in/password";
            }
            if (who.getRoles().contains(Roles.SECOND_FACTOR_SETUP_PENDING)) {
                return "/ui/sign-in/setup";
            }
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static MutableHttpResponse<?> errorPage(UiPages pages, HttpRequest<?> request, HttpStatus status, String code,
            String detail) {
        String key = switch (code) {
            case "FORBIDDEN" -> "error.forbidden";
            case "CSRF", "CROSS_SITE" -> "error.csrf";
            case "NOT_FOUND" -> "error.notFound";
            case "CONFLICT" -> "error.conflict";
            case "TOO_LARGE" -> "error.tooLarge";
            case "RATE_LIMITED" -> "error.rateLimited";
            default -> status.getCode() >= 500 ? "error.internal" : "error.invalid";
        };
        Authentication who = request.getUserPrincipal(Authentication.class).orElse(null);
        boolean signedIn = who != null && who.getAttributes().containsKey("liveSession");
        return pages.rendered(status, pages.page("error", "", request, signedIn ? who : null,
                Map.of("status", status.getCode(), "messageKey", key, "detail", detail == null ? "" : detail)), request);
    }
}

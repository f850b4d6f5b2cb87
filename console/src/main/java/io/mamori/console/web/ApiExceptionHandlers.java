package io.mamori.console.web;

import io.mamori.console.storage.StorageException;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.api.ErrorResponse;
import io.mamori.protocol.json.ProtocolException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the console's own exceptions into answers with an {@link ErrorResponse} body. */
@SuppressWarnings("rawtypes") // ExceptionHandler.handle takes a raw HttpRequest
public final class ApiExceptionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandlers.class);

    private ApiExceptionHandlers() {
    }

    @Produces
    @Singleton
    @Requires(classes = {ApiException.class, ExceptionHandler.class})
    public static class Api implements ExceptionHandler<ApiException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, ApiException exception) {
            return answer(request, exception);
        }

        /** The error body, with {@code Retry-After} for a refusal that may be tried again later. */
        public static MutableHttpResponse<ErrorResponse> answer(HttpRequest<?> request, ApiException exception) {
            MutableHttpResponse<ErrorResponse> response = ErrorResponses.response(request, exception.status(), exception);
            if (exception.retryAfterSeconds().isPresent()) {
                return response.header("Retry-After", Long.toString(exception.retryAfterSeconds().get()));
            }
            return exception.status() == HttpStatus.TOO_MANY_REQUESTS || exception.status() == HttpStatus.SERVICE_UNAVAILABLE
                    ? response.header("Retry-After", "1") : response;
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {ProtocolException.class, ExceptionHandler.class})
    public static class Protocol implements ExceptionHandler<ProtocolException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, ProtocolException exception) {
            return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, exception);
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {InvalidFieldException.class, ExceptionHandler.class})
    public static class InvalidField implements ExceptionHandler<InvalidFieldException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, InvalidFieldException exception) {
            return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, exception);
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {StorageException.class, ExceptionHandler.class})
    public static class Storage implements ExceptionHandler<StorageException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, StorageException exception) {
            LOG.error("{} {}: {}", request.getMethod(), request.getPath(), exception.getMessage(), exception);
            return HttpResponse.<ErrorResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new ErrorResponse("UNAVAILABLE", "the console's database is unavailable; try again later", null))
                    .header("Retry-After", "5");
        }
    }
}

package io.mamori.console.web;

import io.mamori.console.storage.StorageException;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.api.ErrorResponse;
import io.mamori.protocol.json.ProtocolException;
import io.micronaut.context.annotation.Replaces;
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

    /**
     * A body Micronaut could not bind (not JSON, a wrong type, a field breaking a protocol rule):
     * 400 naming the field, as {@link io.mamori.protocol.json.ProtocolJson} would; a query value of
     * the wrong type: 400 naming the parameter.
     */
    @Produces
    @Singleton
    @Replaces(io.micronaut.http.server.exceptions.ConversionErrorHandler.class)
    @Requires(classes = {io.micronaut.core.convert.exceptions.ConversionErrorException.class, ExceptionHandler.class})
    public static class Binding implements ExceptionHandler<io.micronaut.core.convert.exceptions.ConversionErrorException,
            HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request,
                io.micronaut.core.convert.exceptions.ConversionErrorException exception) {
            Throwable cause = exception.getConversionError().getCause();
            if (isDocumentProblem(cause)) {
                return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, io.mamori.protocol.json.ProtocolJson.refusal(cause));
            }
            return HttpResponse.<ErrorResponse>status(HttpStatus.BAD_REQUEST)
                    .body(new ErrorResponse("INVALID_FIELD", "is not a valid value: " + io.mamori.console.logging.OneLine.of(
                            String.valueOf(exception.getConversionError().getOriginalValue().orElse(""))),
                            exception.getArgument().getName()))
                    .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE);
        }

        private static boolean isDocumentProblem(Throwable cause) {
            for (Throwable at = cause; at != null; at = at.getCause() == at ? null : at.getCause()) {
                if (at instanceof java.io.IOException || at instanceof InvalidFieldException || at instanceof ProtocolException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A body that is not valid JSON (syntax, a duplicate key, trailing content): 400 as the protocol words it. */
    @Produces
    @Singleton
    @Replaces(io.micronaut.http.server.exceptions.JsonExceptionHandler.class)
    @Requires(classes = {io.micronaut.json.JsonSyntaxException.class, ExceptionHandler.class})
    public static class Syntax implements ExceptionHandler<io.micronaut.json.JsonSyntaxException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, io.micronaut.json.JsonSyntaxException exception) {
            return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, io.mamori.protocol.json.ProtocolJson.refusal(exception));
        }
    }

    /** The same, when Jackson's own exception reaches the server. */
    @Produces
    @Singleton
    @Replaces(io.micronaut.http.server.exceptions.JacksonExceptionHandler.class)
    @Requires(classes = {com.fasterxml.jackson.core.JsonProcessingException.class, ExceptionHandler.class})
    public static class Jackson implements ExceptionHandler<com.fasterxml.jackson.core.JsonProcessingException,
            HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, com.fasterxml.jackson.core.JsonProcessingException exception) {
            return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, io.mamori.protocol.json.ProtocolJson.refusal(exception));
        }
    }

    /** A body that is not JSON at all. */
    @Produces
    @Singleton
    @Requires(classes = {io.micronaut.http.codec.CodecException.class, ExceptionHandler.class})
    public static class Codec implements ExceptionHandler<io.micronaut.http.codec.CodecException, HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, io.micronaut.http.codec.CodecException exception) {
            return ErrorResponses.response(request, HttpStatus.BAD_REQUEST, io.mamori.protocol.json.ProtocolJson.refusal(exception));
        }
    }

    /** A command object that breaks its Bean Validation constraints: 400 naming the first field, with its message. */
    @Produces
    @Singleton
    @Replaces(io.micronaut.validation.exceptions.ConstraintExceptionHandler.class)
    @Requires(classes = {jakarta.validation.ConstraintViolationException.class, ExceptionHandler.class})
    public static class Constraints implements ExceptionHandler<jakarta.validation.ConstraintViolationException,
            HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request, jakarta.validation.ConstraintViolationException exception) {
            jakarta.validation.ConstraintViolation<?> first = exception.getConstraintViolations().stream()
                    .min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString())).orElse(null);
            String field = first == null ? null : field(first.getPropertyPath());
            String message = first == null ? "is not valid" : first.getMessage();
            return HttpResponse.<ErrorResponse>status(HttpStatus.BAD_REQUEST)
                    .body(new ErrorResponse("INVALID_FIELD", message, field)).contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE);
        }

        /** {@code signIn.body.username} → {@code username}: the method and its parameter are not the client's field. */
        static String field(jakarta.validation.Path path) {
            java.util.List<String> names = new java.util.ArrayList<>();
            for (jakarta.validation.Path.Node node : path) {
                if (node.getKind() == jakarta.validation.ElementKind.PROPERTY || node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                    String name = node.getName() == null ? "" : node.getName();
                    names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
                }
            }
            return names.isEmpty() ? null : String.join(".", names);
        }
    }

    /** A route that needs a body and got none. */
    @Produces
    @Singleton
    @Requires(classes = {io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException.class, ExceptionHandler.class})
    public static class MissingBody implements ExceptionHandler<io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException,
            HttpResponse<ErrorResponse>> {
        @Override
        public HttpResponse<ErrorResponse> handle(HttpRequest request,
                io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException exception) {
            return HttpResponse.<ErrorResponse>status(HttpStatus.BAD_REQUEST)
                    .body(new ErrorResponse("INVALID_REQUEST", "the request needs a JSON body", null))
                    .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE);
        }
    }
}

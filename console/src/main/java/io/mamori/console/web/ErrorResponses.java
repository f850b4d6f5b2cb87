package io.mamori.console.web;

import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.api.ErrorResponse;
import io.mamori.protocol.json.ProtocolException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the console answers has the protocol's {@link ErrorResponse} body, whichever layer
 * refused the request: a controller, the security filter (401/403), the router (404/405) or the
 * server (413). Server faults are logged with a reference the answer names; their text is not
 * sent, because it could hold data.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ErrorResponses implements ErrorResponseProcessor<ErrorResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "INVALID_REQUEST"),
            Map.entry(401, "UNAUTHORIZED"),
            Map.entry(403, "FORBIDDEN"),
            Map.entry(404, "NOT_FOUND"),
            Map.entry(405, "METHOD_NOT_ALLOWED"),
            Map.entry(406, "NOT_ACCEPTABLE"),
            Map.entry(409, "CONFLICT"),
            Map.entry(413, "TOO_LARGE"),
            Map.entry(415, "UNSUPPORTED_MEDIA_TYPE"),
            Map.entry(429, "RATE_LIMITED"),
            Map.entry(503, "UNAVAILABLE"));

    @Override
    public MutableHttpResponse<ErrorResponse> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        return response.body(describe(context.getRequest(), response.status(), context.getRootCause().orElse(null),
                context.getErrors().isEmpty() ? null : context.getErrors().get(0).getMessage()))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** The body for a refusal with this status; {@code cause} and {@code message} may be null. */
    public static ErrorResponse describe(HttpRequest<?> request, HttpStatus status, Throwable cause, String message) {
        if (cause instanceof ApiException api) {
            return new ErrorResponse(api.code(), api.getMessage(), api.field());
        }
        if (cause instanceof ProtocolException protocol) {
            return new ErrorResponse("INVALID_FIELD", protocol.getMessage(), protocol.field());
        }
        if (cause instanceof InvalidFieldException invalid) {
            return new ErrorResponse("INVALID_FIELD", invalid.getMessage(), invalid.field());
        }
        int code = status.getCode();
        if (code >= 500) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("{} {} failed (reference {})", request.getMethod(), request.getPath(), reference, cause);
            return new ErrorResponse("INTERNAL_ERROR", "the console could not complete the request; the console log has"
                    + " the details under reference " + reference, null);
        }
        String text = switch (code) {
            case 401 -> "unauthorized";
            case 403 -> "this request is not allowed: your role, or where it came from";
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 413 -> "the request body is too large";
            case 415 -> "send application/json";
            default -> message == null || message.isBlank() ? status.getReason() : message;
        };
        return new ErrorResponse(CODES.getOrDefault(code, "HTTP_" + code), text, null);
    }

    public static MutableHttpResponse<ErrorResponse> response(HttpRequest<?> request, HttpStatus status, Throwable cause) {
        return HttpResponse.<ErrorResponse>status(status).body(describe(request, status, cause, null))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}

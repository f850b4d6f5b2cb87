package io.mamori.console.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI description of the agent and admin APIs. It is written by hand, next to the
 * controllers, and a test fails when a route and the document disagree.
 */
@Controller("/api")
public class OpenApiController {

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream("/openapi/mamori-console.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the build");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/openapi.yaml")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(new MediaType("application/yaml"));
    }
}

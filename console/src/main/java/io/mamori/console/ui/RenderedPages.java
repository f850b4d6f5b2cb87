package io.mamori.console.ui;

import io.micronaut.core.io.Writable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a page completely before it is sent. Micronaut Views hands the response a template that
 * renders while the answer is written; a template that fails then leaves the browser waiting
 * without an answer. Rendered here, a failure becomes a 500 page with a reference to the log.
 */
@ServerFilter("/ui/**")
public class RenderedPages implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RenderedPages.class);

    /** After the views filter on the way out (response filters run in reverse order). */
    @Override
    public int getOrder() {
        return ServerFilterPhase.RENDERING.before();
    }

    @ResponseFilter
    @SuppressWarnings("unchecked")
    public void render(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!(response.getBody().orElse(null) instanceof Writable page)) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            page.writeTo(writer);
        } catch (IOException | RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("{} {}: the page could not be rendered (reference {})", request.getMethod(), request.getPath(), reference, e);
            ((MutableHttpResponse<Object>) response).status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(failure(reference)).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=UTF-8");
            return;
        }
        ((MutableHttpResponse<Object>) response).body(out.toByteArray());
    }

    /** A page that needs nothing that could fail again: no template, both languages. */
    private static byte[] failure(String reference) {
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Mamori</title>"
                + "<link rel=\"stylesheet\" href=\"/ui/static/mamori.css\"></head><body><main class=\"narrow\">"
                + "<h1>この画面を表示できませんでした / This page could not be shown</h1>"
                + "<p class=\"error\">詳細はコンソールのログにあります（参照番号 " + reference + "）。"
                + " The console log has the details (reference " + reference + ").</p>"
                + "<p><a href=\"/ui\">最初のページへ / Start page</a></p></main></body></html>").getBytes(StandardCharsets.UTF_8);
    }
}

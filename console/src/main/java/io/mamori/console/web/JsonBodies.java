package io.mamori.console.web;

import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.http.HttpStatus;

/**
 * Reads request bodies with the protocol's strict JSON rules (missing required fields, wrong
 * types, duplicate keys and trailing garbage are refused with the field's path) after checking
 * the body is there and within its size limit.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static <T> T read(byte[] body, Class<T> type, int maxBytes) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "the request needs a JSON body", null);
        }
        if (body.length > maxBytes) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE",
                    "the request body is " + body.length + " bytes; at most " + maxBytes + " are accepted here", null);
        }
        return ProtocolJson.read(body, type);
    }
}

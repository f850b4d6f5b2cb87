package io.mamori.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Request bodies are bound by Micronaut to command objects ({@code @Body @Valid}) with the same
 * strict reading rules as every protocol document ({@link ProtocolJson#strictReading}): a
 * duplicate key, trailing content, a number where an ISO time belongs, text where a number or flag
 * belongs are refused with the field's path, as docs/protocol.md promises.
 */
@Singleton
public class StrictJson implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return ProtocolJson.strictReading(event.getBean());
    }
}

package io.mamori.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Times in protocol documents are ISO-8601 strings in UTC, as docs/protocol.md promises — a number
 * (epoch seconds or milliseconds) is refused — and lie between {@link #EARLIEST} and
 * {@link #LATEST}: a year such as 10000 or -1000000000 parses as an {@link Instant} but is no
 * sane time for an event and does not fit where the console stores times.
 */
final class ProtocolInstants extends JsonDeserializer<Instant> {

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2999-12-31T23:59:59.999Z");

    static SimpleModule module() {
        return new SimpleModule("protocol-instants").addDeserializer(Instant.class, new ProtocolInstants());
    }

    private ProtocolInstants() {
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw InvalidFormatException.from(parser, "must be a UTC time string such as 2026-11-23T09:30:00Z, not "
                    + parser.currentToken(), parser.getText(), Instant.class);
        }
        Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw InvalidFormatException.from(parser, "out of range", parser.getText(), Instant.class);
        }
        return value;
    }
}

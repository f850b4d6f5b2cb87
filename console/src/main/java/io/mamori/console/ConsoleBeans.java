package io.mamori.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.jackson.ObjectMapperFactory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Beans the console's parts share: the clock and the JSON mapper. */
@Factory
public class ConsoleBeans {

    /** The system clock, in UTC; tests supply their own. */
    @Singleton
    @Secondary
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Answers are written exactly as the protocol writes its documents (ISO times, no nulls,
     * fixed member order), so what the console sends and what {@code ProtocolJson} reads agree.
     */
    @Singleton
    @Replaces(bean = ObjectMapper.class, factory = ObjectMapperFactory.class)
    public ObjectMapper objectMapper() {
        return ProtocolJson.newMapper();
    }
}

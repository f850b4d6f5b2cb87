package io.mamori.console.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %oneLineMessage} in the console's log pattern: the formatted message with every argument
 * — a host name, a path, a user name from a request — kept on one line ({@link OneLine}).
 */
public final class OneLineMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return OneLine.of(event.getFormattedMessage());
    }
}

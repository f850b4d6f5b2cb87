package io.mamori.agent.notify;

/**
 * Tells the person at the machine. One implementation per OS and desktop under
 * {@code platform/<os>}; where no user session can be reached the notice is logged instead
 * ({@link LoggingNotifier}). Implementations must not block the caller for long.
 */
public interface Notifier {

    void tell(Notice notice);
}

package io.mamori.console.alerts;

/** What an alert rule watches for. */
public enum AlertKind {
    /** At least {@code files} files or {@code megabytes} MB copied to removable media by one person within {@code minutes}. */
    BULK_COPY,
    /** Any copy to removable media (with {@code groups}: by the people of those groups, e.g. {@code leaving}); one alert per person per {@code minutes}. */
    COPY,
    /** At least {@code count} held copies continued by one person within {@code minutes}. */
    REPEATED_OVERRIDES,
    /** An agent not heard from for {@code minutes}. */
    AGENT_SILENT,
    /** An agent found its operation log altered or damaged. */
    LOG_INTEGRITY
}

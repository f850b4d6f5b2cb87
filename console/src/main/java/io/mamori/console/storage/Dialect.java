package io.mamori.console.storage;

import java.util.Locale;

/** The databases the console stores its data in. Migrations and queries are written for both. */
public enum Dialect {
    /** An embedded file: zero set-up, one console node. */
    SQLITE,
    /** A server: production, and more than one console node behind a load balancer. */
    POSTGRESQL;

    /** The dialect of a JDBC URL, or a clear refusal naming what is supported. */
    public static Dialect ofUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("mamori.database.url must start with jdbc:sqlite: or jdbc:postgresql: (was '"
                + jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***") + "')");
    }
}

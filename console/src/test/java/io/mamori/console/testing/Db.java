package io.mamori.console.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The databases every console integration test runs on. PostgreSQL must be there on CI
 * ({@code CI=true}): there a missing server fails the run instead of skipping the tests.
 */
public enum Db {
    SQLITE,
    POSTGRESQL;

    /** The console shared by tests on this database (started on first use, stopped when the JVM ends). */
    public ConsoleFixture console() {
        requireAvailable();
        return ConsoleFixture.shared(this);
    }

    public void requireAvailable() {
        if (this == POSTGRESQL && !TestPostgres.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but PostgreSQL is not installed; .ci/run installs the"
                        + " 'postgresql' package (see .ci/test-packages)");
            }
            Assumptions.abort("PostgreSQL is not installed here (Debian package 'postgresql'); its tests are skipped");
        }
    }
}

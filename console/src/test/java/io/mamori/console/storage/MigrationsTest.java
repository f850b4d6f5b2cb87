package io.mamori.console.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema is created on first start, and a restart keeps what is stored. */
class MigrationsTest {

    @TempDir
    Path dir;

    /** How many migrations the console ships (src/main/resources/db/migration). */
    private static long migrations() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(Database database, String table) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private Database open(DatabaseSettings settings) {
        ConsoleSettings console = new ConsoleSettings();
        console.setDataDir(dir.toString());
        return new DatabaseFactory().database(settings, console);
    }

    private static void storeOne(Database database) {
        database.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_entry (id, at, actor, action) VALUES ('a', 1, 'x', 'y')")) {
                return s.executeUpdate();
            }
        });
    }

    @Test
    void anSqliteFileIsCreatedOnFirstStartAndKeptAcrossRestarts() throws Exception {
        try (Database first = open(new DatabaseSettings())) {
            assertThat(first.dialect()).isEqualTo(Dialect.SQLITE);
            storeOne(first);
        }
        assertThat(dir.resolve("console.db")).exists();
        try (Database second = open(new DatabaseSettings())) {
            assertThat(count(second, "audit_entry")).isEqualTo(1);
            assertThat(count(second, "flyway_schema_history")).as("each migration once").isEqualTo(migrations());
        }
    }

    @Test
    void theSqliteFileAndItsJournalAreReadableByTheConsolesUserOnlyNotByEveryoneOnTheHost() throws Exception {
        try (Database first = open(new DatabaseSettings())) {
            storeOne(first);
            for (String part : new String[] {"console.db", "console.db-wal", "console.db-shm"}) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(
                        dir.resolve(part)))).as(part).isEqualTo("rw-------");
            }
        }
        // a database left readable by an earlier version is made owner-only at the next start
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("console.db"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (Database second = open(new DatabaseSettings())) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(
                    dir.resolve("console.db")))).isEqualTo("rw-------");
        }
    }

    @Test
    void aPostgresqlDatabaseIsMigratedOnceAndKeptAcrossRestarts() throws Exception {
        Db.POSTGRESQL.requireAvailable();
        try (TestPostgres postgres = TestPostgres.start(false)) {
            DatabaseSettings settings = new DatabaseSettings();
            settings.setUrl(postgres.url());
            settings.setUser(postgres.user());
            settings.setPassword(postgres.password());
            try (Database first = open(settings)) {
                assertThat(first.dialect()).isEqualTo(Dialect.POSTGRESQL);
                storeOne(first);
            }
            try (Database second = open(settings)) {
                assertThat(count(second, "audit_entry")).isEqualTo(1);
                assertThat(count(second, "flyway_schema_history")).as("each migration once").isEqualTo(migrations());
            }
        }
    }

    @Test
    void anUnsupportedDatabaseUrlIsRefusedWithoutShowingItsPassword() {
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl("jdbc:mysql://db/mamori?password=secret");

        assertThatThrownBy(() -> open(settings)).hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        try (Database database = open(new DatabaseSettings())) {
            assertThatThrownBy(() -> database.write(c -> {
                storeOneIn(c);
                throw new IllegalStateException("refused half-way");
            })).hasMessage("refused half-way");
            assertThat(count(database, "audit_entry")).isZero();
        }
    }

    private static void storeOneIn(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_entry (id, at, actor, action) VALUES ('b', 1, 'x', 'y')")) {
            s.executeUpdate();
        }
    }
}

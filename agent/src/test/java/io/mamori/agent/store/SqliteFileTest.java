package io.mamori.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way the agent opens its SQLite files: what a record and a cache do with a file they cannot use. */
class SqliteFileTest {

    private static final Schema SCHEMA = new Schema(1, List.of("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"));

    @TempDir
    Path dir;

    @Test
    void aRecordOfANewerFormatIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("record.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, added_later TEXT)");
            statement.execute("INSERT INTO item (name) VALUES ('kept')");
            statement.execute("PRAGMA user_version = 2");
        }

        assertThatThrownBy(() -> SqliteFile.open(file, "test record", SqliteFile.Role.RECORD, SCHEMA))
                .isInstanceOf(IOException.class).hasMessageContaining("format 2, newer than this agent's 1");
        // the file is left for the newer agent it belongs to (SQLite may have switched it to WAL: content and format stay)
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT name, added_later FROM item")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("kept");
            }
            try (ResultSet row = statement.executeQuery("PRAGMA user_version")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(2);
            }
        }
        try (Stream files = new Stream(dir)) {
            assertThat(files.names()).noneMatch(name -> name.contains("corrupt"));
        }
    }

    @Test
    void aRecordThatIsNotADatabaseIsKeptUnderItsOwnNameEachTime() throws Exception {
        Path file = dir.resolve("record.db");
        for (int round = 0; round < 2; round++) {
            Files.writeString(file, "not a database, round " + round + " ".repeat(2000), StandardCharsets.US_ASCII);
            try (SqliteFile opened = SqliteFile.open(file, "test record", SqliteFile.Role.RECORD, SCHEMA)) {
                assertThat(opened.movedAside()).hasValueSatisfying(aside -> assertThat(aside.getFileName().toString())
                        .startsWith("record.db.corrupt-"));
                assertThat(Files.readString(opened.movedAside().get(), StandardCharsets.US_ASCII)).startsWith("not a database, round " + round);
                opened.run(c -> c.createStatement().executeUpdate("INSERT INTO item (name) VALUES ('new')"));
            }
            Thread.sleep(5); // the kept copies are named by the millisecond
        }
        try (Stream files = new Stream(dir)) {
            assertThat(files.names()).filteredOn(name -> name.startsWith("record.db.corrupt-") && !name.endsWith("-wal")
                    && !name.endsWith("-shm")).hasSize(2);
        }
    }

    @Test
    void aCacheStartedOverInUseKeepsOnlyTheLastDamagedCopyAndAnswersAgain() throws Exception {
        Path file = dir.resolve("cache.db");
        try (SqliteFile cache = SqliteFile.open(file, "test cache", SqliteFile.Role.CACHE, SCHEMA)) {
            cache.run(c -> c.createStatement().executeUpdate("INSERT INTO item (name) VALUES ('first')"));
            cache.startOver("found damaged once");
            cache.run(c -> c.createStatement().executeUpdate("INSERT INTO item (name) VALUES ('second')"));
            cache.startOver("found damaged twice");

            assertThat(cache.available()).isTrue();
            assertThat(cache.movedAside()).contains(dir.resolve("cache.db.damaged"));
            long left = cache.run(SqliteFileTest::count);
            assertThat(left).isZero();
        }
        try (SqliteFile kept = SqliteFile.openReadOnly(dir.resolve("cache.db.damaged"), "kept cache")) {
            String name = kept.run(c -> {
                try (ResultSet row = c.createStatement().executeQuery("SELECT name FROM item")) {
                    row.next();
                    return row.getString(1);
                }
            });
            assertThat(name).isEqualTo("second");
        }
    }

    @Test
    void aRecordIsNeverStartedOverWhileInUse() throws Exception {
        try (SqliteFile record = SqliteFile.open(dir.resolve("record.db"), "test record", SqliteFile.Role.RECORD, SCHEMA)) {
            assertThatThrownBy(() -> record.startOver("a query failed")).isInstanceOf(IllegalStateException.class);
            assertThat(record.available()).isTrue();
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        try (SqliteFile record = SqliteFile.open(dir.resolve("record.db"), "test record", SqliteFile.Role.RECORD, SCHEMA)) {
            assertThatThrownBy(() -> record.transaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO item (name) VALUES ('half')");
                return c.createStatement().executeUpdate("INSERT INTO item (name) VALUES (NULL)");
            })).hasMessageContaining("NOT NULL");
            long left = record.run(SqliteFileTest::count);
            assertThat(left).isZero();
        }
    }

    private static long count(Connection c) throws java.sql.SQLException {
        try (ResultSet row = c.createStatement().executeQuery("SELECT COUNT(*) FROM item")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The names in a folder. */
    private record Stream(java.util.stream.Stream<Path> paths) implements AutoCloseable {
        Stream(Path dir) throws IOException {
            this(Files.list(dir));
        }

        List<String> names() {
            return paths.map(p -> p.getFileName().toString()).toList();
        }

        @Override
        public void close() {
            paths.close();
        }
    }
}

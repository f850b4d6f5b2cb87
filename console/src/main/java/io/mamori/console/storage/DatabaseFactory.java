package io.mamori.console.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mamori.console.ConsoleSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the database and brings its schema up to date with the Flyway migrations in
 * {@code db/migration} — the same migrations for SQLite and PostgreSQL. A console that cannot
 * reach or migrate its database does not start.
 */
@Factory
public class DatabaseFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    public Database database(DatabaseSettings settings, ConsoleSettings console) {
        String url = settings.getUrl() == null || settings.getUrl().isBlank()
                ? "jdbc:sqlite:" + console.dataDir().resolve("console.db")
                : settings.getUrl().strip();
        Dialect dialect = Dialect.ofUrl(url);
        if (dialect == Dialect.SQLITE) {
            ownerOnly(sqliteFile(url), false);
        }
        HikariDataSource pool = dialect == Dialect.SQLITE ? sqlite(url) : postgres(url, settings);
        Database database = new Database(pool, dialect, pool);
        try {
            migrate(database);
            if (dialect == Dialect.SQLITE) {
                ownerOnly(sqliteFile(url), true);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    /** The file of a {@code jdbc:sqlite:} URL (its query, if any, left out); null for an in-memory database. */
    static Path sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        return file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:") ? null : Path.of(file);
    }

    /**
     * The database holds accounts, sessions and every event: only the console's own user may read
     * it. A new file is created owner-only before SQLite opens it (SQLite gives its journal files
     * the database's mode); an existing one is made owner-only, with its journal files.
     */
    private static void ownerOnly(Path file, boolean journalsToo) {
        if (file == null || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            for (String suffix : journalsToo ? new String[] {"", "-wal", "-shm"} : new String[] {""}) {
                Path part = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the database file " + file + " owner-only: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a batch the console has acknowledged survives a power cut; the agent has already
        // marked those events sent and will not send them again.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(30_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(source);
        hikari.setPoolName("sqlite");
        // WAL lets readers run beside the one writer.
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        return new HikariDataSource(hikari);
    }

    private static HikariDataSource postgres(String url, DatabaseSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("postgresql");
        hikari.setUsername(settings.getUser());
        hikari.setPassword(password(settings));
        hikari.setMaximumPoolSize(settings.getMaxPoolSize());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "mamori-console");
        hikari.setInitializationFailTimeout(10_000);
        return new HikariDataSource(hikari);
    }

    private static String password(DatabaseSettings settings) {
        if (settings.getPasswordFile() != null && !settings.getPasswordFile().isBlank()) {
            Path file = Path.of(settings.getPasswordFile());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the database password file " + file + ": " + e.getMessage(), e);
            }
        }
        return settings.getPassword();
    }

    private static void migrate(Database database) {
        Flyway flyway = Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("database ready: {} schema version {}{}", database.dialect(), result.targetSchemaVersion != null
                ? result.targetSchemaVersion : flyway.info().current().getVersion(),
                result.migrationsExecuted > 0 ? " (" + result.migrationsExecuted + " migrations applied)" : "");
    }
}

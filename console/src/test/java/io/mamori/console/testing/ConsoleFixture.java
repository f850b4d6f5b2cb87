package io.mamori.console.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.FirstRunNotice;
import io.mamori.console.keys.TlsCertificate;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.patch.OsFamily;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real console for tests: the Micronaut application with its HTTPS server on a free loopback
 * port, a fresh data directory (self-signed certificate, keys, SQLite file) and, for PostgreSQL, a
 * real server of its own. Clients trust exactly this console's certificate.
 */
public final class ConsoleFixture implements AutoCloseable {

    private static final Map<Db, ConsoleFixture> SHARED = new EnumMap<>(Db.class);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A person signed in through the real sign-in flow. */
    public record Person(String id, String username, String password, ApiClient client) {
    }

    /** An enrolled agent. */
    public record Agent(String id, String secret, String consolePublicKey, String consoleKeyId, ApiClient client) {
    }

    private final Db db;
    private final Map<String, Object> settings;
    private final Clock clock;
    private final Path dataDir;
    private boolean keepDataDir;
    private final TestPostgres postgres;
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final ApiClient anonymous;
    private final TlsCertificate tls;
    private final String firstPassword;
    private Person admin;

    private ConsoleFixture(Db db, Map<String, Object> settings, Clock clock) throws Exception {
        this(db, settings, clock, Files.createTempDirectory("mamori-console-test-"));
    }

    private ConsoleFixture(Db db, Map<String, Object> settings, Clock clock, Path dataDir) throws Exception {
        this.db = db;
        this.settings = Map.copyOf(settings);
        this.clock = clock;
        this.dataDir = dataDir;
        this.postgres = db == Db.POSTGRESQL ? TestPostgres.start(false) : null;
        this.tls = TlsCertificate.selfSigned(dataDir.resolve("tls"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("mamori.console.data-dir", dataDir.toString());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("micronaut.server.ssl.enabled", true);
        properties.put("micronaut.server.ssl.port", -1);
        properties.put("micronaut.server.ssl.key-store.path", "file:" + tls.keyStore());
        properties.put("micronaut.server.ssl.key-store.password", tls.password());
        properties.put("micronaut.server.ssl.key-store.type", "PKCS12");
        properties.put("mamori.console.heartbeat-flush-interval", "200ms");
        if (postgres != null) {
            properties.put("mamori.database.url", postgres.url());
            properties.put("mamori.database.user", postgres.user());
            properties.put("mamori.database.password", postgres.password());
        }
        properties.putAll(settings);
        AtomicReference<String> password = new AtomicReference<>();
        FirstRunNotice notice = (username, oneTimePassword) -> password.set(oneTimePassword);
        var builder = ApplicationContext.builder().properties(properties).banner(false);
        builder = clock == null ? builder.singletons(notice) : builder.singletons(notice, clock);
        this.context = builder.start();
        this.server = context.getBean(EmbeddedServer.class);
        server.start();
        this.firstPassword = password.get();
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(tls)).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        this.anonymous = new ApiClient(http, "https://127.0.0.1:" + server.getPort());
    }

    static synchronized ConsoleFixture shared(Db db) {
        return SHARED.computeIfAbsent(db, d -> {
            try {
                ConsoleFixture fixture = new ConsoleFixture(d, Map.of(), null);
                Runtime.getRuntime().addShutdownHook(new Thread(fixture::close));
                return fixture;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start a console on " + d + ": " + e.getMessage(), e);
            }
        });
    }

    /** A console of the test's own, with its settings and clock (null: the system clock); close it. */
    public static ConsoleFixture start(Db db, Map<String, Object> settings, Clock clock) {
        db.requireAvailable();
        try {
            return new ConsoleFixture(db, settings, clock);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a console on " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops this console and starts it again on the same data (SQLite: the same database file, keys
     * and TLS identity), as after a crash or an upgrade; the first administrator signs in again.
     * Close the one returned; this one is closed.
     */
    public ConsoleFixture restart() {
        if (db != Db.SQLITE) {
            throw new IllegalStateException("a restart keeps the SQLite file; " + db + " is not kept");
        }
        Person before = admin();
        keepDataDir = true;
        close();
        try {
            ConsoleFixture again = new ConsoleFixture(db, settings, clock, dataDir);
            again.admin = new Person(before.id(), before.username(), before.password(),
                    again.signIn(before.username(), before.password()));
            return again;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the console again: " + e.getMessage(), e);
        }
    }

    public Db db() {
        return db;
    }

    public ApiClient client() {
        return anonymous.anonymous();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public TlsCertificate tls() {
        return tls;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String firstRunPassword() {
        return firstPassword;
    }

    /** The first administrator, signed in with a password of its own. */
    public synchronized Person admin() {
        if (admin == null) {
            admin = signInFirstTime("admin", firstPassword, null);
        } else if (admin.client().get("/api/admin/me").status() != 200) {
            // a test moved the clock past the session's limits: sign in again
            admin = new Person(admin.id(), admin.username(), admin.password(), signIn(admin.username(), admin.password()));
        }
        return admin;
    }

    /** A new account with this role, signed in, its one-time password replaced. */
    public Person person(String role) {
        String username = role.toLowerCase(java.util.Locale.ROOT) + "-" + NAMES.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff);
        ApiClient.Response created = admin().client().post("/api/admin/accounts",
                Map.of("username", username, "displayName", "テスト " + username, "role", role));
        if (created.status() != 201) {
            throw new IllegalStateException("cannot make an account: " + created);
        }
        return signInFirstTime(username, created.json().get("oneTimePassword").asText(),
                created.json().path("account").path("id").asText());
    }

    /** Signs in with a one-time password and sets a new one, as a person would on first sign-in. */
    public Person signInFirstTime(String username, String oneTimePassword, String id) {
        ApiClient client = client();
        ApiClient.Response signIn = client.post("/api/admin/session", Map.of("username", username, "password", oneTimePassword));
        if (signIn.status() != 200 || !"PASSWORD_CHANGE".equals(signIn.json().get("stage").asText())) {
            throw new IllegalStateException("first sign-in failed: " + signIn);
        }
        String password = newPassword();
        ApiClient.Response changed = client.post("/api/admin/me/password",
                Map.of("currentPassword", oneTimePassword, "newPassword", password));
        if (changed.status() != 200 || !"ACTIVE".equals(changed.json().get("stage").asText())) {
            throw new IllegalStateException("password change failed: " + changed);
        }
        return new Person(id == null ? changed.json().path("account").path("id").asText() : id, username, password, client);
    }

    /** A fresh client signed in as an existing person (password only, no second factor). */
    public ApiClient signIn(String username, String password) {
        ApiClient client = client();
        ApiClient.Response signIn = client.post("/api/admin/session", Map.of("username", username, "password", password));
        if (signIn.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + signIn);
        }
        return client;
    }

    /** An enrollment token (value) for a group. */
    public String enrollmentToken(String group, int maxUses, double validForHours) {
        ApiClient.Response token = admin().client().post("/api/admin/enrollment-tokens",
                Map.of("description", "test", "groupId", group, "maxUses", maxUses, "validForHours", validForHours));
        if (token.status() != 201) {
            throw new IllegalStateException("cannot make a token: " + token);
        }
        return token.json().get("token").asText();
    }

    /** An agent enrolled into a group through the real API. */
    public Agent enroll(String group) {
        String token = enrollmentToken(group, 1, 1);
        ApiClient.Response enrolled = client().post("/api/v1/enroll",
                new EnrollRequest(token, "pc-" + NAMES.incrementAndGet() + ".example.jp", OsFamily.LINUX, "Debian 12", "0.1.0"));
        if (enrolled.status() != 201) {
            throw new IllegalStateException("cannot enroll: " + enrolled);
        }
        JsonNode body = enrolled.json();
        String secret = body.get("agentSecret").asText();
        return new Agent(body.get("agentId").asText(), secret, body.get("consolePublicKey").asText(),
                body.get("consoleKeyId").asText(), anonymous.asAgent(secret));
    }

    public Agent enroll() {
        return enroll("default");
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (!keepDataDir) {
                    deleteDataDir();
                }
            }
        }
    }

    /** The test console's database, keys and TLS identity go with it (hundreds were left in /tmp). */
    private void deleteDataDir() {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the test console's folder " + dataDir, e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "Pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A TLS context that trusts exactly this console certificate. */
    public static SSLContext trusting(TlsCertificate tls) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("console", tls.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

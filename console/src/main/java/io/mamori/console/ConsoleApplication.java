package io.mamori.console;

import io.mamori.console.accounts.Accounts;
import io.mamori.console.keys.PolicyKeys;
import io.mamori.console.keys.TlsCertificate;
import io.mamori.protocol.secrets.PrivateFiles;
import io.mamori.protocol.signing.SigningKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mamori console}: starts the web console on embedded defaults (an SQLite file and a
 * self-signed certificate in the data directory, listening on loopback), or with the options
 * given; and the few things done on the console's own host ({@code reset-password},
 * {@code rotate-key}, {@code fingerprint}).
 */
@Command(name = "mamori console", resourceBundle = "io.mamori.console.cli", mixinStandardHelpOptions = true,
        subcommands = {ConsoleApplication.ResetPassword.class, ConsoleApplication.RotateKey.class,
                ConsoleApplication.Fingerprint.class})
public final class ConsoleApplication implements Callable<Integer> {

    @Mixin
    Options options;

    @Option(names = "--port", descriptionKey = "port", paramLabel = "PORT")
    int port = 8443;

    @Option(names = "--bind", descriptionKey = "bind", paramLabel = "ADDRESS")
    String bind = "127.0.0.1";

    public static void main(String[] args) {
        Locale locale = ConsoleMessages.forEnvironment().locale();
        CommandLine commandLine = new CommandLine(new ConsoleApplication());
        commandLine.setResourceBundle(ResourceBundle.getBundle("io.mamori.console.cli", locale));
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.setResourceBundle(ResourceBundle.getBundle("io.mamori.console.cli", locale));
        }
        int status = commandLine.execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> properties = options.properties();
        properties.put("micronaut.server.host", bind);
        TlsCertificate tls = options.tls();
        if (tls != null) {
            properties.put("micronaut.server.ssl.enabled", true);
            properties.put("micronaut.server.ssl.port", port);
            properties.put("micronaut.server.ssl.key-store.path", "file:" + tls.keyStore());
            properties.put("micronaut.server.ssl.key-store.password", tls.password());
            properties.put("micronaut.server.ssl.key-store.type", "PKCS12");
        } else {
            properties.put("micronaut.server.port", port);
        }
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(ConsoleApplication.class)
                .properties(properties)
                .banner(false)
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        ConsoleMessages messages = ConsoleMessages.forEnvironment();
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
        String url = (tls != null ? "https://" : "http://") + host + ":" + server.getPort() + "/";
        System.out.println(messages.format("started.url", url));
        System.out.println(messages.format("started.ui", url + "ui"));
        System.out.println(messages.format("started.data", options.dataDir()));
        System.out.println(messages.format("started.database", options.databaseDescription()));
        if (tls != null) {
            System.out.println(messages.format("started.fingerprint", tls.fingerprint()));
        }
        System.out.println(messages.get("started.stop"));
        System.out.flush();
        Thread.currentThread().join();
        return 0;
    }

    /** Options every console command shares: where the data is. */
    static final class Options {

        @Option(names = "--data-dir", descriptionKey = "data-dir", paramLabel = "DIR")
        Path dataDir;

        @Option(names = "--database-url", descriptionKey = "database-url", paramLabel = "JDBC-URL")
        String databaseUrl;

        @Option(names = "--database-user", descriptionKey = "database-user", paramLabel = "USER")
        String databaseUser;

        @Option(names = "--database-password-file", descriptionKey = "database-password-file", paramLabel = "FILE")
        Path databasePasswordFile;

        @Option(names = "--tls-key-store", descriptionKey = "tls-key-store", paramLabel = "FILE.p12")
        Path tlsKeyStore;

        @Option(names = "--tls-key-store-password-file", descriptionKey = "tls-key-store-password-file", paramLabel = "FILE")
        Path tlsKeyStorePasswordFile;

        @Option(names = "--no-tls", descriptionKey = "no-tls")
        boolean noTls;

        @Option(names = "--config", descriptionKey = "config", paramLabel = "FILE.yml")
        Path config;

        Path dataDir() {
            if (dataDir != null) {
                return dataDir.toAbsolutePath();
            }
            String configured = System.getenv("MAMORI_CONSOLE_DATA");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured).toAbsolutePath();
            }
            if ("root".equals(System.getProperty("user.name"))) {
                return Path.of("/var/lib/mamori/console");
            }
            String xdg = System.getenv("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
            return base.resolve("mamori").resolve("console");
        }

        Map<String, Object> properties() throws IOException {
            Path dir = PrivateFiles.directory(dataDir());
            Map<String, Object> properties = new HashMap<>();
            properties.put("mamori.console.data-dir", dir.toString());
            properties.put("mamori.console.tls", !noTls);
            if (databaseUrl != null) {
                properties.put("mamori.database.url", databaseUrl);
            }
            if (databaseUser != null) {
                properties.put("mamori.database.user", databaseUser);
            }
            if (databasePasswordFile != null) {
                properties.put("mamori.database.password-file", databasePasswordFile.toString());
            }
            if (config != null) {
                if (!Files.isReadable(config)) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "cannot read " + config);
                }
                System.setProperty("micronaut.config.files", config.toAbsolutePath().toString());
            }
            return properties;
        }

        TlsCertificate tls() throws IOException {
            if (noTls) {
                return null;
            }
            if (tlsKeyStore != null) {
                if (tlsKeyStorePasswordFile == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--tls-key-store needs --tls-key-store-password-file");
                }
                return TlsCertificate.load(tlsKeyStore, Files.readString(tlsKeyStorePasswordFile, StandardCharsets.UTF_8).strip());
            }
            return TlsCertificate.selfSigned(dataDir().resolve("tls"));
        }

        String databaseDescription() {
            return databaseUrl == null ? "SQLite " + dataDir().resolve("console.db")
                    : databaseUrl.replaceAll("(?i)password=[^&;]*", "password=***");
        }

        ApplicationContext context() throws IOException {
            return ApplicationContext.builder().properties(properties()).banner(false).start();
        }
    }

    @Command(name = "reset-password", resourceBundle = "io.mamori.console.cli", mixinStandardHelpOptions = true)
    static final class ResetPassword implements Callable<Integer> {

        @Mixin
        Options options;

        @Parameters(index = "0", descriptionKey = "username", paramLabel = "USER")
        String username;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApplicationContext context = options.context()) {
                String password = context.getBean(Accounts.class).resetFromHost(username);
                PrintWriter out = spec.commandLine().getOut();
                ResourceBundle bundle = spec.resourceBundle();
                out.println(String.format(bundle.getString("reset.done"), username));
                out.println(String.format(bundle.getString("reset.password"), password));
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "rotate-key", resourceBundle = "io.mamori.console.cli", mixinStandardHelpOptions = true)
    static final class RotateKey implements Callable<Integer> {

        @Mixin
        Options options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApplicationContext context = options.context()) {
                PolicyKeys.KeyInfo key = context.getBean(PolicyKeys.class).rotate();
                spec.commandLine().getOut().println(String.format(spec.resourceBundle().getString("rotate.done"),
                        SigningKeys.shortId(key.keyId())));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "fingerprint", resourceBundle = "io.mamori.console.cli", mixinStandardHelpOptions = true)
    static final class Fingerprint implements Callable<Integer> {

        @Mixin
        Options options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TlsCertificate tls = options.tls();
            if (tls == null) {
                spec.commandLine().getErr().println(spec.resourceBundle().getString("fingerprint.no-tls"));
                return 2;
            }
            spec.commandLine().getOut().println(tls.fingerprint());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

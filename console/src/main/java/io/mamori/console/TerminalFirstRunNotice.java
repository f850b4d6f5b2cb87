package io.mamori.console;

import io.mamori.protocol.secrets.PrivateFiles;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Shows the first-run credentials in the user's language: on the terminal when the console runs
 * on one; otherwise (a service, output going to a log file or a journal) the one-time password is
 * written to {@code first-run-password.txt} in the data directory, owner-only, and only that file's
 * name is printed — a password in a log file is readable by whoever reads the logs.
 */
@Singleton
@Secondary
public class TerminalFirstRunNotice implements FirstRunNotice {

    static final String FILE = "first-run-password.txt";

    private final Path dataDir;
    private final BooleanSupplier onTerminal;

    public TerminalFirstRunNotice(ConsoleSettings settings) {
        this(settings.dataDir(), () -> System.console() != null);
    }

    TerminalFirstRunNotice(Path dataDir, BooleanSupplier onTerminal) {
        this.dataDir = dataDir;
        this.onTerminal = onTerminal;
    }

    /**
     * How the person reading this runs the console's host commands: {@code ./mamori console} from a
     * checkout, the installed package's {@code mamori-console} (its unit sets
     * {@code -Dmamori.console.command}).
     */
    static String command() {
        String given = System.getProperty("mamori.console.command", "");
        return given.matches("[A-Za-z0-9./ _-]{1,64}") ? given : "./mamori console";
    }

    @Override
    public void firstAdministrator(String username, String oneTimePassword) {
        ConsoleMessages messages = ConsoleMessages.forEnvironment();
        PrintStream out = System.out;
        out.println();
        out.println("=== " + messages.get("first.run.title") + " ===");
        out.println(messages.get("first.run.account"));
        out.println(messages.format("first.run.user", username));
        if (onTerminal.getAsBoolean()) {
            out.println(messages.format("first.run.password", oneTimePassword));
            out.println(messages.format("first.run.shown.once", command()));
        } else {
            Path file = dataDir.resolve(FILE);
            try {
                PrivateFiles.write(file, (oneTimePassword + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the first administrator's one-time password to " + file, e);
            }
            out.println(messages.format("first.run.password.file", file));
            out.println(messages.format("first.run.file.once", command()));
        }
        out.println();
        out.flush();
    }
}

package io.mamori.console;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.io.PrintStream;

/** Prints the first-run credentials to standard output, in the user's language. */
@Singleton
@Secondary
public class TerminalFirstRunNotice implements FirstRunNotice {

    @Override
    public void firstAdministrator(String username, String oneTimePassword) {
        ConsoleMessages messages = ConsoleMessages.forEnvironment();
        PrintStream out = System.out;
        out.println();
        out.println("=== " + messages.get("first.run.title") + " ===");
        out.println(messages.get("first.run.account"));
        out.println(messages.format("first.run.user", username));
        out.println(messages.format("first.run.password", oneTimePassword));
        out.println(messages.get("first.run.shown.once"));
        out.println();
        out.flush();
    }
}

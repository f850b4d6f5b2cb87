package io.mamori.classifier.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What every Mamori command line sets up first: its language, its logging, UTF-8 output. */
public final class CliSupport {

    private CliSupport() {
    }

    /**
     * Japanese when MAMORI_LANG (or, failing that, LC_ALL, LC_MESSAGES, LANG) starts with "ja",
     * English otherwise; also made the JVM's default so picocli's help follows it.
     */
    public static Locale chooseLocale() {
        String requested = firstSet("MAMORI_LANG", "LC_ALL", "LC_MESSAGES", "LANG");
        Locale locale = requested != null && requested.startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
        Locale.setDefault(locale);
        return locale;
    }

    /** Logs problems only, to standard error, unless a logging configuration was given. */
    public static void quietLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/mamori/classifier/cli/logback-cli.xml");
        }
    }

    public static PrintStream utf8(FileDescriptor descriptor) {
        return new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
    }

    private static String firstSet(String... names) {
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}

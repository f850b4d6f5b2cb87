package io.mamori.console;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The console's texts for people, in Japanese or English from {@code messages*.properties}. The
 * language is chosen per request ({@code lang}, {@code Accept-Language}) or, for what the console
 * prints at start, from the environment ({@code MAMORI_LANG}, {@code LANG}).
 */
public final class ConsoleMessages {

    private final ResourceBundle bundle;
    private final Locale locale;

    private ConsoleMessages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("io.mamori.console.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static ConsoleMessages of(Locale locale) {
        return new ConsoleMessages(isJapanese(locale) ? Locale.JAPANESE : Locale.ROOT);
    }

    /** Japanese when {@code lang} or the Accept-Language header asks for it first, otherwise English. */
    public static ConsoleMessages forRequest(String lang, String acceptLanguage) {
        String wanted = lang != null && !lang.isBlank() ? lang : acceptLanguage;
        return of(wanted != null && wanted.strip().toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ROOT);
    }

    /** The language the environment asks for: MAMORI_LANG, then LC_ALL, LC_MESSAGES, LANG. */
    public static ConsoleMessages forEnvironment() {
        for (String variable : new String[] {"MAMORI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return of(value.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ROOT);
            }
        }
        return of(Locale.ROOT);
    }

    /** {@link Locale#JAPANESE} or {@link Locale#ROOT} (English). */
    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public String format(String key, Object... arguments) {
        return String.format(Locale.ROOT, bundle.getString(key), arguments);
    }

    static boolean isJapanese(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage());
    }
}

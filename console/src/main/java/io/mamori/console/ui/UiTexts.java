package io.mamori.console.ui;

import io.micronaut.context.AbstractMessageSource;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.runtime.context.CompositeMessageSource;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web UI's texts in Japanese or English, for {@code #{key}} in the templates. Each part of
 * the UI keeps its own bundle ({@code io/mamori/console/ui/<part>[_ja].properties}); a key is
 * looked up in all of them. Any language but Japanese reads English: no fallback to the server's
 * own locale, so a page never mixes languages. It is the application's message source (in place
 * of Micronaut's composite, whose interpolation would drop apostrophes again).
 */
@Singleton
@Primary
@Replaces(CompositeMessageSource.class)
public class UiTexts extends AbstractMessageSource {

    /** The bundles, one per part of the UI. */
    static final List<String> PARTS = List.of("common", "events", "review", "fleet", "dashboard", "policy", "incidents");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public Optional<String> getRawMessage(String code, MessageContext context) {
        Locale locale = language(context.getLocale());
        for (String part : PARTS) {
            ResourceBundle bundle = bundle(part, locale);
            if (bundle.containsKey(code)) {
                return Optional.of(bundle.getString(code));
            }
        }
        return Optional.empty();
    }

    /**
     * Fills {@code {0}}, {@code {name}} … from the context's variables and leaves everything else as
     * written: Micronaut's own interpolation treats an apostrophe as a quote and drops it
     * ("the user's answer" came out as "the users answer").
     */
    @Override
    public String interpolate(String template, MessageContext context) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder(template.length() + 16);
        while (placeholder.find()) {
            Object value = context.getVariables().get(placeholder.group(1));
            placeholder.appendReplacement(text, Matcher.quoteReplacement(value == null ? placeholder.group() : value.toString()));
        }
        placeholder.appendTail(text);
        return text.toString();
    }

    /** A text, or the key itself in brackets when it is missing (the bundle test fails on that). */
    public String text(String code, Locale locale) {
        return getRawMessage(code, MessageContext.of(locale)).orElse("[" + code + "]");
    }

    /** {@link Locale#JAPANESE} for Japanese, {@link Locale#ROOT} (English) for anything else. */
    public static Locale language(Locale requested) {
        return requested != null && "ja".equals(requested.getLanguage()) ? Locale.JAPANESE : Locale.ROOT;
    }

    static ResourceBundle bundle(String part, Locale language) {
        try {
            return ResourceBundle.getBundle("io.mamori.console.ui." + part, language, NO_FALLBACK);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("the UI bundle " + part + " is missing", e);
        }
    }
}

package io.mamori.agent.cli;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * What the agent's commands say to people, in Japanese or English: {@code MAMORI_LANG} if set,
 * else the language of {@code LANG}/{@code LC_ALL}, else the JVM's.
 */
public final class AgentMessages {

    private final ResourceBundle bundle;

    private AgentMessages(Locale locale) {
        this.bundle = ResourceBundle.getBundle("io.mamori.agent.messages", locale);
    }

    public static AgentMessages forEnvironment() {
        return new AgentMessages(locale());
    }

    public static Locale locale() {
        for (String variable : new String[] {"MAMORI_LANG", "LC_ALL", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
            }
        }
        return Locale.getDefault().getLanguage().equals("ja") ? Locale.JAPANESE : Locale.ENGLISH;
    }

    public String get(String key, Object... arguments) {
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : String.format(bundle.getLocale(), pattern, arguments);
    }
}

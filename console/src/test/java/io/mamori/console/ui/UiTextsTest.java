package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text a page names exists in both languages, and the two languages have the same keys. */
class UiTextsTest {

    private static final Pattern LITERAL_KEY = Pattern.compile("#\\{([a-zA-Z][a-zA-Z0-9_.]*)[}(]");

    private static Properties bundle(String part, String suffix) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = UiTextsTest.class.getResourceAsStream("/io/mamori/console/ui/" + part + suffix + ".properties")) {
            assertThat(in).as(part + suffix).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void bothLanguagesHaveTheSameKeysInEveryPart() throws IOException {
        for (String part : UiTexts.PARTS) {
            assertThat(bundle(part, "_ja").stringPropertyNames()).as(part).isEqualTo(bundle(part, "").stringPropertyNames());
        }
    }

    @Test
    void noKeyIsDefinedInTwoParts() throws IOException {
        Set<String> seen = new TreeSet<>();
        for (String part : UiTexts.PARTS) {
            for (String key : bundle(part, "").stringPropertyNames()) {
                assertThat(seen.add(key)).as("%s is defined again in %s", key, part).isTrue();
            }
        }
    }

    @Test
    void everyTextATemplateNamesExistsInBothLanguages() throws IOException {
        UiTexts texts = new UiTexts();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> templates = Files.list(Path.of("src/main/resources/views"))) {
            for (Path template : templates.toList()) {
                Matcher keys = LITERAL_KEY.matcher(Files.readString(template));
                while (keys.find()) {
                    used.add(keys.group(1));
                }
            }
        }
        assertThat(used).contains("signin.title", "events.title", "dashboard.title", "fleet.title");
        for (String key : used) {
            for (Locale language : new Locale[] {Locale.JAPANESE, Locale.ENGLISH}) {
                assertThat(texts.text(key, language)).as("%s in %s", key, language).doesNotStartWith("[");
            }
        }
    }

    @Test
    void japaneseIsShownOnlyToJapaneseReaders() {
        UiTexts texts = new UiTexts();
        assertThat(texts.text("nav.fleet", Locale.JAPAN)).isEqualTo("端末一覧");
        assertThat(texts.text("nav.fleet", Locale.FRANCE)).isEqualTo("Fleet");
        assertThat(texts.text("no.such.key", Locale.JAPANESE)).isEqualTo("[no.such.key]");
    }

    @Test
    void apostrophesStayAndPlaceholdersAreFilled() {
        UiTexts texts = new UiTexts();
        assertThat(texts.getMessage("dashboard.legend.held", io.micronaut.context.MessageSource.MessageContext.of(Locale.ENGLISH)))
                .contains("held for the user's answer");
        assertThat(texts.getMessage("time.zone", io.micronaut.context.MessageSource.MessageContext.of(Locale.JAPANESE,
                Map.of("0", "Asia/Tokyo")))).contains("時刻は Asia/Tokyo");
    }
}

package io.mamori.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.testing.RecordingNotifier;
import io.mamori.console.testing.MutableClock;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.LocalizedText;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The employee's notices: every text in both languages, counts not values, policy overrides, no storms. */
class NoticesTest {

    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-7", "SanDisk",
            "Cruzer", null, null, 0);

    @Test
    void everyTextAndEveryBuiltInFindingTypeIsInBothLanguages() throws Exception {
        ResourceBundle.Control exact = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle english = ResourceBundle.getBundle("io.mamori.agent.notify.notices", Locale.ROOT, exact);
        ResourceBundle japanese = ResourceBundle.getBundle("io.mamori.agent.notify.notices", Locale.JAPANESE, exact);
        assertThat(japanese.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
        for (Field field : FindingType.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == FindingType.class) {
                String key = "finding." + ((FindingType) field.get(null)).id();
                assertThat(english.containsKey(key)).as(key).isTrue();
            }
        }
        for (Action action : List.of(Action.ALLOW, Action.READ_ONLY, Action.DENY)) {
            assertThat(english.containsKey(new Notice.DeviceMounted(STICK, action, false, Map.of()).key())).isTrue();
        }
        for (Action action : List.of(Action.WARN, Action.BLOCK)) {
            assertThat(english.containsKey(new Notice.Copy(UUID.randomUUID(), STICK, action, 1, Map.of(), null).key())).isTrue();
        }
        assertThatThrownBy(() -> new Notice.Copy(UUID.randomUUID(), STICK, Action.WARN_OVERRIDE, 1, Map.of(), null))
                .as("held files are asked about, not told").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlockedCopyNamesTheDeviceTheFileCountAndTheKindsFoundInTheEmployeesLanguage() {
        Notice copy = new Notice.Copy(UUID.randomUUID(), STICK, Action.BLOCK, 3,
                Map.of(FindingType.JP_MY_NUMBER, 120, FindingType.JP_PERSON_NAME, 118, FindingType.of("CUSTOM:project-code"), 2),
                1000L);
        NoticeTexts texts = new NoticeTexts(Map.of());

        String japanese = texts.text(copy, Locale.JAPANESE);
        String english = texts.text(copy, Locale.ENGLISH);

        assertThat(japanese).contains("SanDisk Cruzer (SN-7)").contains("3 件のファイル").contains("マイナンバー（個人番号） 120 件")
                .contains("氏名 118 件").contains("独自の種別「project-code」 2 件").contains("レビュー");
        assertThat(english).contains("3 file(s) were not copied to SanDisk Cruzer (SN-7)").contains("individual numbers (My Number) ×120")
                .contains("names ×118").contains("review");
        assertThat(japanese.indexOf("マイナンバー")).as("the most found first").isLessThan(japanese.indexOf("氏名"));
    }

    @Test
    void aStickMadeWritableByAnExceptionSaysUntilWhenAndOneMadeReadOnlyAgainSaysWhy() {
        NoticeTexts texts = new NoticeTexts(Map.of());
        Instant until = Instant.parse("2026-12-08T09:30:00Z");
        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault())
                .format(until);
        Notice granted = new Notice.DeviceChanged(STICK, Action.ALLOW, until);

        assertThat(texts.text(granted, Locale.JAPANESE)).isEqualTo("SanDisk Cruzer (SN-7) に書き込めるようになりました。管理者が "
                + local + " まで承認しました。コピーは記録されます。");
        assertThat(texts.text(granted, Locale.ENGLISH)).contains("can be written to now").contains("until " + local);
        assertThat(texts.text(new Notice.DeviceChanged(STICK, Action.READ_ONLY, null), Locale.JAPANESE))
                .contains("読み取り専用に戻りました").doesNotContain("{");
        assertThat(texts.text(new Notice.DeviceChanged(STICK, Action.AUDIT, null), Locale.ENGLISH))
                .contains("under the new policy").doesNotContain("{until}");
        assertThat(new Notice.DeviceChanged(STICK, Action.DENY, null).urgent()).isTrue();
        assertThat(new Notice.DeviceChanged(STICK, Action.READ_ONLY, null).urgent()).isFalse();
    }

    @Test
    void aPolicyReplacesATextByItsKeyAndKeepsThePlaceholders() {
        NoticeTexts texts = new NoticeTexts(Map.of("device.mounted.read-only",
                new LocalizedText("{device} は読み取り専用です（情報システム部 内線 1234）", "{device} is read-only (IT, ext. 1234)")));
        Notice mounted = new Notice.DeviceMounted(STICK, Action.READ_ONLY, false, Map.of());

        assertThat(texts.text(mounted, Locale.JAPANESE)).isEqualTo("SanDisk Cruzer (SN-7) は読み取り専用です（情報システム部 内線 1234）");
        assertThat(texts.text(new Notice.DeviceMounted(STICK, Action.ALLOW, true, Map.of()), Locale.ENGLISH)).contains("approved device");
    }

    @Test
    void theSameDeviceIsAnnouncedOnceAMinuteAndNoMoreThanTheLimitReachesThePerson() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
        RecordingNotifier recording = new RecordingNotifier();
        List<Notice> shown = recording.told;
        NoticeThrottle throttle = new NoticeThrottle(recording, clock, 3);
        Notice mounted = new Notice.DeviceMounted(STICK, Action.READ_ONLY, false, Map.of());

        throttle.tell(mounted);
        throttle.tell(mounted);
        clock.advance(Duration.ofSeconds(61));
        throttle.tell(mounted);
        assertThat(shown).hasSize(2);

        for (int i = 0; i < 5; i++) {
            throttle.tell(new Notice.Copy(UUID.randomUUID(), STICK, Action.BLOCK, 1, Map.of(), null));
        }
        assertThat(shown).as("at most 3 a minute: the second mount and two of the five copies").hasSize(4);
        clock.advance(Duration.ofSeconds(61));
        throttle.tell(new Notice.Copy(UUID.randomUUID(), STICK, Action.BLOCK, 1, Map.of(), null));
        assertThat(shown).hasSize(5);
    }

    @Test
    void theQuestionOfAHeldCopyIsInThePersonsLanguageWithTheReasonsAndNamesAtMostFiveHundredFiles() {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            files.add("見積/見積-" + i + ".txt");
        }
        HeldCopy held = new HeldCopy(UUID.randomUUID(), STICK, files, Map.of(FindingType.CONFIDENTIAL_MARKER, 520),
                List.of(new io.mamori.protocol.policy.OverrideReason("other", new LocalizedText("その他（理由を記入）", "Other"), true)),
                Instant.parse("2026-11-24T00:02:00Z"), 1000L);

        Map<String, String> japanese = new NoticeTexts(Map.of()).question(held, Locale.JAPANESE, 95);
        assertThat(japanese.get(io.mamori.agent.desktop.Prompt.MESSAGE)).contains("SanDisk Cruzer (SN-7)").contains("520 件")
                .contains("秘密表示");
        assertThat(japanese.get("reason.0.label")).isEqualTo("その他（理由を記入）");
        assertThat(japanese.get("reason.0.text")).isEqualTo("true");
        assertThat(japanese.get("seconds")).isEqualTo("95");
        assertThat(japanese.get("file.499")).isEqualTo("見積/見積-499.txt");
        assertThat(japanese.get("file.500")).isEqualTo("… (+20)");
        assertThat(japanese).doesNotContainKey("file.501");

        Map<String, String> english = new NoticeTexts(Map.of("dialog.heading", new LocalizedText("社外秘の持ち出し", "Taking out"
                + " confidential files"))).question(held, Locale.ENGLISH, 95);
        assertThat(english.get("reason.0.label")).isEqualTo("Other");
        assertThat(english.get(io.mamori.agent.desktop.Prompt.HEADING)).as("the policy's text").isEqualTo("Taking out confidential files");
        assertThat(english.get(io.mamori.agent.desktop.Prompt.CONTINUE)).isEqualTo("Continue with this reason");
    }
}

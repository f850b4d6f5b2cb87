package io.mamori.agent.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notice.PatchBehind.PatchAction;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.testing.RecordingNotifier;
import io.mamori.console.testing.MutableClock;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import io.mamori.protocol.patch.PatchThresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The employee is told when the machine is out of compliance, what to do, in their language, at most once a day. */
class PatchReminderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T01:00:00Z");
    private static final PatchThresholds AT_MOST_TWO_SECURITY_UPDATES_AND_A_WEEK_TO_RESTART =
            new PatchThresholds(null, 2, Map.of(OsFamily.LINUX, "12.5"), 7);

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final AtomicReference<Instant> lastTold = new AtomicReference<>();
    private final PatchReminder reminder = new PatchReminder(() -> AT_MOST_TWO_SECURITY_UPDATES_AND_A_WEEK_TO_RESTART, notifier,
            new PatchReminder.LastTold() {
                @Override
                public Optional<Instant> get() {
                    return Optional.ofNullable(lastTold.get());
                }

                @Override
                public void set(Instant when) {
                    lastTold.set(when);
                }
            }, clock);

    private static PatchStatus status(int security, boolean reboot, Instant rebootSince, String build) {
        return new PatchStatus(NOW, OsFamily.LINUX, build, security + 3, security, null, reboot, rebootSince, null, null, "apt", null);
    }

    @Test
    void tooManySecurityUpdatesTellsThemToInstallUpdatesOnceADay() {
        reminder.accept(status(5, false, null, "12.11"));
        assertThat(notifier.told).containsExactly(new Notice.PatchBehind(PatchAction.INSTALL_UPDATES, 5, 0));

        clock.advance(Duration.ofHours(6));
        reminder.accept(status(5, false, null, "12.11"));
        assertThat(notifier.told).as("not again the same day").hasSize(1);

        clock.advance(Duration.ofHours(19));
        reminder.accept(status(5, false, null, "12.11"));
        assertThat(notifier.told).as("again the next day").hasSize(2);
    }

    @Test
    void aCompliantMachineOrOneOnlyWarnedAboutIsNotTold() {
        reminder.accept(status(2, false, null, "12.11")); // at the limit: a warning for the administrator
        reminder.accept(status(0, true, NOW.minus(Duration.ofDays(2)), "12.11")); // a restart waits, within the week
        reminder.accept(new PatchStatus(NOW, OsFamily.LINUX, null, 0, 0, null, false, null, null, null, "apt", "apt-get failed"));
        assertThat(notifier.told).isEmpty();
        assertThat(lastTold.get()).isNull();
    }

    @Test
    void aRestartWaitingTooLongTellsThemToRestartWithTheDays() {
        reminder.accept(status(0, true, NOW.minus(Duration.ofDays(9)), "12.11"));
        assertThat(notifier.told).containsExactly(new Notice.PatchBehind(PatchAction.RESTART, 0, 9));
    }

    @Test
    void updatesComeBeforeARestartAndAnOsUpgradeIsForTheItDesk() {
        reminder.accept(status(4, true, NOW.minus(Duration.ofDays(9)), "12.1"));
        assertThat(notifier.told).extracting(n -> ((Notice.PatchBehind) n).what()).containsExactly(PatchAction.INSTALL_UPDATES);

        lastTold.set(null);
        reminder.accept(status(0, false, null, "12.1"));
        assertThat(notifier.told).extracting(n -> ((Notice.PatchBehind) n).what())
                .containsExactly(PatchAction.INSTALL_UPDATES, PatchAction.UPGRADE_OS);
    }

    @Test
    void theTextsSayWhatToDoInJapaneseAndEnglish() {
        NoticeTexts texts = new NoticeTexts(Map.of());
        Notice install = new Notice.PatchBehind(PatchAction.INSTALL_UPDATES, 5, 0);
        assertThat(texts.text(install, Locale.ENGLISH)).contains("5", "install the updates", "restart");
        assertThat(texts.text(install, Locale.JAPANESE)).contains("5 件", "インストール", "再起動");
        Notice restart = new Notice.PatchBehind(PatchAction.RESTART, 0, 9);
        assertThat(texts.text(restart, Locale.ENGLISH)).contains("9 day(s)", "restart the computer");
        assertThat(texts.text(restart, Locale.JAPANESE)).contains("9 日間", "再起動してください");
        assertThat(texts.text(new Notice.PatchBehind(PatchAction.UPGRADE_OS, 0, 0), Locale.JAPANESE)).contains("IT 担当");
    }
}

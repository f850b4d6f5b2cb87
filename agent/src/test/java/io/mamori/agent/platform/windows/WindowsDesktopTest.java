package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.Notice;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.Channels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows desktop with everything real above the JNA line: session discovery from recorded
 * terminal-services tables, the pipe protocol over loopback sockets, helpers that tell the truth
 * about themselves and helpers that do not.
 */
class WindowsDesktopTest {

    private static final String TANAKA = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private static final String SUZUKI = "S-1-5-21-1004336348-1177238915-682003330-1002";
    private static final List<OverrideReason> REASONS = List.of(
            new OverrideReason("business", new LocalizedText("業務上必要", "Required for my work"), false),
            new OverrideReason("other", new LocalizedText("その他（理由を記入）", "Other (give the reason)"), true));
    private static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-1", "SanDisk",
            "Cruzer", null, null, 0);

    private final FakePipes pipes = new FakePipes();
    private final Map<Integer, String> announced = new ConcurrentHashMap<>();
    private final PipeAnnouncer announcer = new PipeAnnouncer() {
        @Override
        public void announce(WindowsSession session, String pipeName) {
            announced.put(session.id(), pipeName);
        }

        @Override
        public void withdraw(int sessionId) {
            announced.remove(sessionId);
        }
    };
    private WindowsDesktop desktop;

    private WindowsDesktop desktop(Object[][] table, Map<Integer, String> users) {
        WindowsSessionsTest.FakeWts wts = new WindowsSessionsTest.FakeWts(table, users,
                Map.of("PC-0042\\tanaka", TANAKA, "PC-0042\\suzuki", SUZUKI));
        desktop = new WindowsDesktop(new WindowsSessions(wts), pipes, announcer, Map::of, Clock.systemUTC(), Duration.ofMillis(500));
        desktop.start();
        return desktop;
    }

    private WindowsDesktop oneConsoleSession() {
        return desktop(new Object[][] {{0, "Services", 4}, {1, "Console", 0}}, Map.of(1, "tanaka"));
    }

    @AfterEach
    void close() {
        if (desktop != null) {
            desktop.close();
        }
    }

    /** A session helper at the other end of the pipe, speaking the protocol by hand. */
    static final class Helper implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Helper(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        Helper hello(long pid, String locale) throws IOException {
            send(Map.of(Prompt.TYPE, Prompt.HELLO, Prompt.PID, Long.toString(pid), Prompt.LOCALE, locale));
            return this;
        }

        void send(Map<String, String> message) throws IOException {
            Frames.write(Channels.newChannel(socket.getOutputStream()), message);
        }

        Map<String, String> next() throws IOException {
            socket.setSoTimeout(10_000);
            return Frames.read(in);
        }

        void answer(String id, Map<String, String> answer) throws IOException {
            Map<String, String> tagged = new HashMap<>(answer);
            tagged.put(Prompt.TYPE, Prompt.ANSWER);
            tagged.put(Prompt.ID, id);
            send(tagged);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Helper connectedHelper(int session, long pid, String locale) throws Exception {
        pipes.sessionOfProcess.put(pid, session);
        Helper helper = new Helper(pipes.pipeOf(session).connect(pid, session)).hello(pid, locale);
        awaitLink(session);
        return helper;
    }

    /** Connected means: a notice sent now reaches it (the link is made after the hello is checked). */
    private void awaitLink(int session) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (pipes.bySession.containsKey(session) && linked(session)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the helper of session " + session + " was not taken");
    }

    private boolean linked(int session) {
        try {
            java.lang.reflect.Field field = WindowsDesktop.class.getDeclaredField("open");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Integer, SessionPipe> open = (Map<Integer, SessionPipe>) field.get(desktop);
            SessionPipe pipe = open.get(session);
            return pipe != null && pipe.link().isPresent();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static HeldCopy held(int seconds) {
        return new HeldCopy(UUID.randomUUID(), STICK, List.of("顧客名簿.xlsx", "memo.txt"), Map.of(FindingType.JP_MY_NUMBER, 3),
                REASONS, Instant.now().plusSeconds(seconds), null);
    }

    private static Answer await(CompletableFuture<Answer> answer) throws Exception {
        return answer.get(15, TimeUnit.SECONDS);
    }

    @Test
    void aPipeIsMadeAndAnnouncedForTheConsoleSessionWithADaclForItsUser() throws Exception {
        oneConsoleSession();
        pipes.pipeOf(1);

        assertThat(pipes.sddlBySession.get(1)).isEqualTo("D:P(A;;GA;;;SY)(A;;GRGW;;;" + TANAKA + ")");
        assertThat(announced.get(1)).isEqualTo(pipes.bySession.get(1).name).startsWith("\\\\.\\pipe\\mamori-session-1-");
        assertThat(pipes.bySession).as("none for the services' session").doesNotContainKey(0);
    }

    @Test
    void theHelperIsAskedInItsLanguageAndAValidContinueIsTakenAndAcknowledged() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "ja")) {
            CompletableFuture<Answer> answer = desktop.ask(held(60)).toCompletableFuture();
            Map<String, String> question = helper.next();

            assertThat(question.get(Prompt.TYPE)).isEqualTo(Prompt.QUESTION);
            assertThat(question.get(Prompt.TITLE)).isEqualTo("Mamori — 確認が必要です");
            assertThat(question.get(Prompt.FILE + "0")).isEqualTo("顧客名簿.xlsx");
            assertThat(question.get(Prompt.REASON + "0.label")).isEqualTo("業務上必要");
            helper.answer(question.get(Prompt.ID), Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "other",
                    Prompt.REASON_TEXT, "  顧客への提出  "));

            Answer given = await(answer);
            assertThat(given.outcome()).isEqualTo(OverrideOutcome.CONTINUED);
            assertThat(given.reasonId()).isEqualTo("other");
            assertThat(given.reasonText()).isEqualTo("顧客への提出");
            assertThat(given.person().user()).isEqualTo("PC-0042\\tanaka");
            assertThat(given.person().pid()).isEqualTo(4242L);
            Map<String, String> reply = helper.next();
            assertThat(reply).containsEntry(Prompt.TYPE, Prompt.REPLY).containsEntry(Prompt.RESULT, Prompt.ACCEPTED)
                    .containsEntry(Prompt.ID, question.get(Prompt.ID));
        }
    }

    @Test
    void theHelperIsOfferedARequestForARefusedStickAndClosingItAsksNothing() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            var asked = desktop.offerRequest(new io.mamori.agent.notify.RequestOffer(STICK, io.mamori.protocol.policy.Action.DENY,
                    REASONS, java.time.Instant.now().plusSeconds(60))).toCompletableFuture();
            Map<String, String> offer = helper.next();
            assertThat(offer.get(Prompt.TYPE)).isEqualTo(Prompt.QUESTION);
            assertThat(offer.get(Prompt.TITLE)).isEqualTo("Mamori — request use of a device");
            assertThat(offer.get(Prompt.MESSAGE)).contains("cannot be used").contains("SanDisk Cruzer (SN-1)");
            assertThat(offer).containsKey(Prompt.PERIOD_LABEL);

            helper.answer(offer.get(Prompt.ID), Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "other",
                    Prompt.PERIOD_HOURS, "8"));
            assertThat(helper.next()).as("'other' needs their words").containsEntry(Prompt.RESULT, Prompt.INVALID);
            helper.answer(offer.get(Prompt.ID), Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business",
                    Prompt.PERIOD_HOURS, "1000"));
            assertThat(helper.next()).containsEntry(Prompt.RESULT, Prompt.INVALID)
                    .containsEntry(Prompt.PROBLEM, "The period must be between 1 hour and 30 days.");
            helper.answer(offer.get(Prompt.ID), Map.of(Prompt.OUTCOME, Prompt.CANCELLED));
            assertThat(asked.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("closed: nothing asked").isEmpty();
            assertThat(helper.next()).containsEntry(Prompt.RESULT, Prompt.ACCEPTED);
        }
    }

    @Test
    void anUnknownReasonIsRefusedAsOnLinuxAndTheQuestionStaysOpenUntilCancelled() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            CompletableFuture<Answer> answer = desktop.ask(held(60)).toCompletableFuture();
            String id = helper.next().get(Prompt.ID);

            helper.answer(id, Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "made-up"));
            Map<String, String> refused = helper.next();
            helper.answer(id, Map.of(Prompt.OUTCOME, "RELEASE_EVERYTHING"));
            Map<String, String> refusedAgain = helper.next();

            assertThat(refused).containsEntry(Prompt.RESULT, Prompt.INVALID)
                    .containsEntry(Prompt.PROBLEM, "That reason is no longer offered; please choose another.");
            assertThat(refusedAgain).containsEntry(Prompt.RESULT, Prompt.INVALID);
            assertThat(answer).isNotDone();
            helper.answer(id, Map.of(Prompt.OUTCOME, Prompt.CANCELLED));
            assertThat(await(answer).outcome()).isEqualTo(OverrideOutcome.CANCELLED);
        }
    }

    @Test
    void aHelperThatDiesMidQuestionLeavesTheCopyBlockedAsNoSession() throws Exception {
        oneConsoleSession();
        Helper helper = connectedHelper(1, 4242, "en");
        CompletableFuture<Answer> answer = desktop.ask(held(60)).toCompletableFuture();
        helper.next();
        helper.close();

        Answer given = await(answer);
        assertThat(given.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        assertThat(given.detail()).contains("went away");
    }

    @Test
    void anOversizedFrameEndsTheLinkAndTheQuestionIsNoSession() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            CompletableFuture<Answer> answer = desktop.ask(held(60)).toCompletableFuture();
            helper.next();
            new DataOutputStream(helper.socket.getOutputStream()).writeInt(Frames.MAX_BYTES + 1);

            Answer given = await(answer);
            assertThat(given.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
            assertThat(given.detail()).contains("not accepted");
        }
    }

    @Test
    void aMessageThatIsNotAnAnswerEndsTheLinkAndTheQuestionIsNoSession() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            CompletableFuture<Answer> answer = desktop.ask(held(60)).toCompletableFuture();
            String id = helper.next().get(Prompt.ID);
            helper.send(Map.of(Prompt.TYPE, "release-all", Prompt.ID, id, Prompt.OUTCOME, Prompt.CONTINUED));

            assertThat(await(answer).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        }
    }

    @Test
    void timeUpWithdrawsTheQuestionAndItIsTimedOut() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            CompletableFuture<Answer> answer = desktop.ask(held(2)).toCompletableFuture();
            String id = helper.next().get(Prompt.ID);

            assertThat(await(answer).outcome()).isEqualTo(OverrideOutcome.TIMED_OUT);
            assertThat(helper.next()).containsEntry(Prompt.TYPE, Prompt.WITHDRAWN).containsEntry(Prompt.ID, id);
            helper.answer(id, Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business"));
            assertThat(await(answer).outcome()).as("a late answer changes nothing").isEqualTo(OverrideOutcome.TIMED_OUT);
        }
    }

    @Test
    void withNoHelperConnectedTheCopyIsAnsweredNoSessionAtOnce() throws Exception {
        oneConsoleSession();
        pipes.pipeOf(1);

        assertThat(await(desktop.ask(held(60)).toCompletableFuture()).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
    }

    @Test
    void whenTheOnlySessionsPipeCannotBeMadeTheCopyIsAnsweredNoSession() throws Exception {
        pipes.refused.add(1);
        oneConsoleSession();
        // no wait: the question is handled on the same thread, after the desktop's first look at the sessions

        assertThat(await(desktop.ask(held(60)).toCompletableFuture()).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        assertThat(announced).isEmpty();
    }

    @Test
    void withNobodyLoggedOnTheCopyIsAnsweredNoSession() throws Exception {
        desktop(new Object[][] {{0, "Services", 4}, {65536, "RDP-Tcp", 6}}, Map.of());

        assertThat(await(desktop.ask(held(60)).toCompletableFuture()).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        assertThat(pipes.bySession).isEmpty();
    }

    @Test
    void withTwoPeopleLoggedOnNobodyIsAskedRatherThanTheWrongOne() throws Exception {
        desktop(new Object[][] {{1, "Console", 0}, {3, "RDP-Tcp#7", 0}}, Map.of(1, "tanaka", 3, "suzuki"));
        try (Helper first = connectedHelper(1, 4242, "ja"); Helper second = connectedHelper(3, 5353, "en")) {
            assertThat(pipes.sddlBySession.get(3)).contains(SUZUKI);
            assertThat(await(desktop.ask(held(60)).toCompletableFuture()).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        }
    }

    @Test
    void aClientOfAnotherSessionIsDisconnectedBeforeAnythingIsRead() throws Exception {
        oneConsoleSession();
        pipes.sessionOfProcess.put(6000L, 3);
        FakePipes.FakeEndpoint pipe = pipes.pipeOf(1);
        try (Helper stranger = new Helper(pipe.connect(6000, 3)).hello(6000, "en")) {
            stranger.socket.setSoTimeout(10_000);
            assertThat(stranger.in.read()).as("disconnected").isEqualTo(-1);
        }
        assertThat(linked(1)).isFalse();
    }

    @Test
    void aHelloThatNamesAnotherProcessIsRefused() throws Exception {
        oneConsoleSession();
        pipes.sessionOfProcess.put(4242L, 1);
        FakePipes.FakeEndpoint pipe = pipes.pipeOf(1);
        // the client is process 6000 in session 1, but claims to be the helper 4242
        pipes.sessionOfProcess.put(6000L, 1);
        try (Helper liar = new Helper(pipe.connect(6000, 1)).hello(4242, "en")) {
            liar.socket.setSoTimeout(10_000);
            assertThat(liar.in.read()).isEqualTo(-1);
        }
        assertThat(linked(1)).isFalse();
        // the real helper connects afterwards and is taken
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            assertThat(linked(1)).isTrue();
        }
    }

    @Test
    void aClientWhoseProcessWindowsPutsInAnotherSessionIsRefused() throws Exception {
        oneConsoleSession();
        FakePipes.FakeEndpoint pipe = pipes.pipeOf(1);
        // the pipe says session 1, but ProcessIdToSessionId says the process is in session 3
        pipes.sessionOfProcess.put(6000L, 3);
        try (Helper liar = new Helper(pipe.connect(6000, 1)).hello(6000, "en")) {
            liar.socket.setSoTimeout(10_000);
            assertThat(liar.in.read()).isEqualTo(-1);
        }
        assertThat(linked(1)).isFalse();
    }

    @Test
    void aClientThatSaysNothingIsDisconnectedAfterTheHelloLimit() throws Exception {
        oneConsoleSession();
        pipes.sessionOfProcess.put(6000L, 1);
        FakePipes.FakeEndpoint pipe = pipes.pipeOf(1);
        try (Socket silent = pipe.connect(6000, 1)) {
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void noticesGoToEveryConnectedHelperInItsLanguage() throws Exception {
        desktop(new Object[][] {{1, "Console", 0}, {3, "RDP-Tcp#7", 0}}, Map.of(1, "tanaka", 3, "suzuki"));
        try (Helper first = connectedHelper(1, 4242, "ja"); Helper second = connectedHelper(3, 5353, "en")) {
            desktop.tell(new Notice.DeviceMounted(STICK, Action.DENY, false, Map.of()));

            Map<String, String> japanese = first.next();
            Map<String, String> english = second.next();
            assertThat(japanese).containsEntry(Prompt.TYPE, Prompt.NOTICE).containsEntry(Prompt.TITLE, "Mamori（守り）")
                    .containsEntry(Prompt.URGENT, "true");
            assertThat(english).containsEntry(Prompt.TITLE, "Mamori");
            assertThat(english.get(Prompt.TEXT)).contains("SanDisk Cruzer");
        }
    }

    @Test
    void aLogoffClosesTheSessionsPipeAndWithdrawsItsAnnouncement() throws Exception {
        oneConsoleSession();
        try (Helper helper = connectedHelper(1, 4242, "en")) {
            desktop.sessionChanged(new SessionChange(SessionChange.WTS_SESSION_LOGOFF, 1));

            helper.socket.setSoTimeout(10_000);
            assertThat(helper.in.read()).isEqualTo(-1);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (announced.containsKey(1) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(announced).doesNotContainKey(1);
            assertThat(pipes.bySession.get(1).closed).isTrue();
        }
    }
}

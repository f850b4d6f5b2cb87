package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.security.auth.module.UnixSystem;
import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.OverrideDialog;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.desktop.SessionHelper;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mac desktop with everything real but what only macOS gives: the daemon's per-user sockets
 * are real Unix domain sockets (on Linux here; the peer's user comes from SO_PEERCRED, as
 * getpeereid gives it on macOS), the helper end is the real {@link SessionHelper} over
 * {@link HelperSocket}, or a client speaking the protocol by hand for the ones that misbehave. The
 * GUI sessions are a fake of {@code scutil}'s ({@link MacConsoleSessionsTest} reads its output).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX file modes and a Unix user id: Linux and macOS")
class MacDesktopTest {

    static final long UID = new UnixSystem().getUid();
    static final String USER = System.getProperty("user.name");
    static final List<OverrideReason> REASONS = List.of(
            new OverrideReason("business", new LocalizedText("業務上必要", "Required for my work"), false),
            new OverrideReason("other", new LocalizedText("その他（理由を記入）", "Other (give the reason)"), true));
    static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-1", "SanDisk",
            "Cruzer", null, null, 0);

    @TempDir
    Path dir;

    final FakeSessions sessions = new FakeSessions();
    MacDesktop desktop;

    /** What scutil would say. */
    static final class FakeSessions extends ConsoleSessions {
        volatile List<MacSession> now = List.of();

        @Override
        List<MacSession> now() {
            return now;
        }
    }

    Path sockets() {
        return dir.resolve("desktop");
    }

    MacDesktop desktop(MacSession... people) throws InterruptedException {
        sessions.now = List.of(people);
        desktop = new MacDesktop(sessions, sockets(), Map::of, Clock.systemUTC(), Duration.ofMillis(500), UID);
        desktop.start(Duration.ofMillis(100));
        for (MacSession person : people) {
            awaitSocketReady(UserSocket.path(sockets(), person.uid()), person.uid());
        }
        return desktop;
    }

    @AfterEach
    void close() {
        if (desktop != null) {
            desktop.close();
        }
    }

    /**
     * Waits until the daemon has made the socket and handed it over: it is bound first, then given
     * its mode and owner, so its mere existence says too little.
     */
    static void awaitSocketReady(Path socket, long uid) throws InterruptedException {
        await("the socket " + socket.getFileName() + ", mode 0600, of uid " + uid, () -> {
            try {
                return ((Number) Files.getAttribute(socket, "unix:uid")).longValue() == uid
                        && PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)).equals("rw-------");
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static HeldCopy held(Long writer, Duration left) {
        return new HeldCopy(UUID.randomUUID(), STICK, List.of("/Volumes/SMOKE/顧客一覧.xlsx"), Map.of(FindingType.JP_MY_NUMBER, 3),
                REASONS, Instant.now().plus(left), writer);
    }

    static Answer answerOf(java.util.concurrent.CompletionStage<Answer> answer) throws Exception {
        return answer.toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** A client of a user's socket, speaking the protocol by hand. */
    static final class RawHelper implements AutoCloseable {
        final SocketChannel channel;
        final InputStream in;

        RawHelper(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            in = Channels.newInputStream(channel);
        }

        /**
         * Connects once the socket takes connections: its file can be seen an instant before, and
         * again while the agent makes it anew after a helper it refused (a refused connect is retried).
         */
        static RawHelper connect(Path socket) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    return new RawHelper(socket);
                } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
        }

        RawHelper hello(String locale) throws IOException {
            send(Map.of(Prompt.TYPE, Prompt.HELLO, Prompt.PID, "4242", Prompt.LOCALE, locale));
            return this;
        }

        void send(Map<String, String> message) throws IOException {
            Frames.write(channel, message);
        }

        Map<String, String> next() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return Frames.read(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(10, TimeUnit.SECONDS);
        }

        /** True when the daemon closed the connection (end of stream within 10 s). */
        boolean closedByTheAgent() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return in.read() < 0;
                } catch (IOException e) {
                    return true;
                }
            }).get(10, TimeUnit.SECONDS);
        }

        void answer(String id, Map<String, String> answer) throws IOException {
            Map<String, String> tagged = new HashMap<>(answer);
            tagged.put(Prompt.TYPE, Prompt.ANSWER);
            tagged.put(Prompt.ID, id);
            send(tagged);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    RawHelper connected(long uid, String locale) throws Exception {
        RawHelper helper = RawHelper.connect(UserSocket.path(sockets(), uid)).hello(locale);
        await("the helper is taken", () -> desktop.helperConnected(uid));
        return helper;
    }

    /** What the real helper showed. */
    static final class RecordingScreen implements SessionHelper.Screen {
        final List<String> shown = new CopyOnWriteArrayList<>();
        final List<OverrideDialog.AnswerSink> sinks = new CopyOnWriteArrayList<>();

        @Override
        public void notice(String title, String text, boolean urgent) {
            shown.add("notice " + title + ": " + text + (urgent ? " (urgent)" : ""));
        }

        @Override
        public SessionHelper.Window ask(Map<String, String> question, OverrideDialog.AnswerSink answers, Runnable finished) {
            shown.add("question " + question.get(Prompt.TITLE));
            sinks.add(answers);
            return new SessionHelper.Window() {
                @Override
                public void replied(Map<String, String> reply) {
                    shown.add("reply " + reply.get(Prompt.RESULT));
                }

                @Override
                public void withdraw() {
                    shown.add("withdrawn");
                }
            };
        }
    }

    @Test
    void theRealHelperOnItsUsersSocketIsToldAndAskedAndAValidContinueIsTakenAsThatUser() throws Exception {
        desktop(new MacSession(UID, USER, true));
        RecordingScreen screen = new RecordingScreen();
        SessionHelper helper = new SessionHelper(() -> HelperSocket.connect(sockets(), UID), screen, 777, Locale.JAPANESE,
                d -> { });
        Thread running = new Thread(() -> {
            try {
                helper.run(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
        await("the helper is taken", () -> desktop.helperConnected(UID));

        desktop.tell(new Notice.DeviceMounted(STICK, Action.ALLOW, false, Map.of()));
        await("the notice is shown", () -> screen.shown.size() == 1);
        assertThat(screen.shown.get(0)).startsWith("notice ").contains("SanDisk").contains("未承認");

        var answer = desktop.ask(held(null, Duration.ofSeconds(60)));
        await("the question is shown", () -> screen.sinks.size() == 1);
        screen.sinks.get(0).send(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business"));
        Answer given = answerOf(answer);
        await("the answer is acknowledged", () -> screen.shown.contains("reply accepted"));

        assertThat(given.outcome()).isEqualTo(OverrideOutcome.CONTINUED);
        assertThat(given.reasonId()).isEqualTo("business");
        assertThat(given.person().user()).isEqualTo(USER);
        assertThat(given.person().uid()).isEqualTo(UID);
        assertThat(given.person().pid()).as("the helper's own word on its pid is not recorded").isNull();
        assertThat(screen.shown.get(1)).startsWith("question ");
        desktop.close(); // the daemon stops: the helper's connection ends and its run returns
        running.join(10_000);
        assertThat(running.isAlive()).isFalse();
    }

    @Test
    void theRealHelperOffersARequestForARefusedStickAndTakesAValidOneAsThatUser() throws Exception {
        desktop(new MacSession(UID, USER, true));
        RecordingScreen screen = new RecordingScreen();
        SessionHelper helper = new SessionHelper(() -> HelperSocket.connect(sockets(), UID), screen, 777, Locale.JAPANESE,
                d -> { });
        Thread running = new Thread(() -> {
            try {
                helper.run(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
        await("the helper is taken", () -> desktop.helperConnected(UID));

        var asked = desktop.offerRequest(new io.mamori.agent.notify.RequestOffer(STICK, Action.READ_ONLY, REASONS,
                Instant.now().plusSeconds(60))).toCompletableFuture();
        await("the offer is shown", () -> screen.sinks.size() == 1);
        assertThat(screen.shown).contains("question Mamori — 機器の使用申請");
        screen.sinks.get(0).send(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business", Prompt.PERIOD_HOURS, "0"));
        await("a period of nothing is refused", () -> screen.shown.contains("reply invalid"));
        assertThat(asked).isNotDone();
        screen.sinks.get(0).send(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business", Prompt.PERIOD_HOURS, "48"));
        var given = asked.get(10, java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
        assertThat(given.user()).isEqualTo(USER);
        assertThat(given.uid()).isEqualTo(UID);
        assertThat(given.hours()).isEqualTo(48);
        assertThat(given.reasonId()).isEqualTo("business");
        await("acknowledged", () -> screen.shown.contains("reply accepted"));
        desktop.close();
        running.join(10_000);
    }

    @Test
    void theSocketIsTheUsersWithMode0600InAFolderOfTheDaemonNobodyCanList() throws Exception {
        desktop(new MacSession(UID, USER, true));
        Path socket = UserSocket.path(sockets(), UID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets()))).isEqualTo("rwx--x--x");
        assertThat(((Number) Files.getAttribute(sockets(), "unix:uid")).longValue()).isEqualTo(UID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(((Number) Files.getAttribute(socket, "unix:uid")).longValue()).isEqualTo(UID);
        assertThat(socket.getFileName().toString()).isEqualTo(UID + ".sock");
    }

    @Test
    void aSocketFolderOthersCanWriteToGetsNoSocketAndTheQuestionIsNoSession() throws Exception {
        Files.createDirectories(sockets());
        Files.setPosixFilePermissions(sockets(), PosixFilePermissions.fromString("rwxrwxrwx"));
        sessions.now = List.of(new MacSession(UID, USER, true));
        desktop = new MacDesktop(sessions, sockets(), Map::of, Clock.systemUTC(), Duration.ofMillis(500), UID);
        desktop.start(Duration.ofMillis(100));

        Answer given = answerOf(desktop.ask(held(null, Duration.ofSeconds(60))));
        assertThat(given.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        assertThat(Files.exists(UserSocket.path(sockets(), UID))).isFalse();
    }

    @Test
    void withNoHelperConnectedOrNobodyAtTheScreenTheQuestionIsNoSessionAtOnce() throws Exception {
        desktop(new MacSession(UID, USER, true));
        assertThat(answerOf(desktop.ask(held(null, Duration.ofSeconds(60)))).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);

        sessions.now = List.of(new MacSession(UID, USER, false)); // switched away: the login window has the screen
        try (RawHelper helper = connected(UID, "en")) {
            assertThat(answerOf(desktop.ask(held(null, Duration.ofSeconds(60)))).outcome())
                    .isEqualTo(OverrideOutcome.NO_SESSION);
        }
        sessions.now = List.of();
        assertThat(answerOf(desktop.ask(held(null, Duration.ofSeconds(60)))).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        await("the logged-out user's socket is gone", () -> !Files.exists(UserSocket.path(sockets(), UID)));
    }

    @Test
    void aCopyWrittenBySomeoneElseIsNotAskedOfThePersonAtTheScreen() throws Exception {
        desktop(new MacSession(UID, USER, true));
        try (RawHelper helper = connected(UID, "en")) {
            Answer given = answerOf(desktop.ask(held(UID + 4242, Duration.ofSeconds(60))));
            assertThat(given.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        }
    }

    @Test
    void aHelperThatGoesAwayMidQuestionLeavesItNoSession() throws Exception {
        desktop(new MacSession(UID, USER, true));
        RawHelper helper = connected(UID, "en");
        var answer = desktop.ask(held(null, Duration.ofSeconds(60)));
        assertThat(helper.next()).containsEntry(Prompt.TYPE, Prompt.QUESTION);
        helper.close();
        Answer given = answerOf(answer);
        assertThat(given.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        assertThat(given.detail()).contains("went away");
    }

    @Test
    void anOversizedFrameEndsTheLinkAndTheQuestionIsNoSession() throws Exception {
        desktop(new MacSession(UID, USER, true));
        try (RawHelper helper = connected(UID, "en")) {
            var answer = desktop.ask(held(null, Duration.ofSeconds(60)));
            helper.next();
            helper.channel.write(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip());
            assertThat(answerOf(answer).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
            assertThat(helper.closedByTheAgent()).isTrue();
        }
    }

    @Test
    void aMessageThatIsNotAnAnswerEndsTheLinkAndTheQuestionIsNoSession() throws Exception {
        desktop(new MacSession(UID, USER, true));
        try (RawHelper helper = connected(UID, "en")) {
            var answer = desktop.ask(held(null, Duration.ofSeconds(60)));
            String id = helper.next().get(Prompt.ID);
            helper.send(Map.of(Prompt.TYPE, "continue-everything\n2026-12-07 INFO forged", Prompt.ID, id,
                    Prompt.OUTCOME, Prompt.CONTINUED));
            assertThat(answerOf(answer).outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
        }
    }

    @Test
    void anUnknownReasonIsRefusedAndTheQuestionTimesOutNeverContinued() throws Exception {
        desktop(new MacSession(UID, USER, true));
        try (RawHelper helper = connected(UID, "ja")) {
            var answer = desktop.ask(held(null, Duration.ofSeconds(2)));
            Map<String, String> question = helper.next();
            assertThat(question.get(Prompt.TITLE)).isNotBlank();
            helper.answer(question.get(Prompt.ID), Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "because"));
            Map<String, String> reply = helper.next();
            assertThat(reply).containsEntry(Prompt.TYPE, Prompt.REPLY).containsEntry(Prompt.RESULT, Prompt.INVALID);
            assertThat(answerOf(answer).outcome()).isEqualTo(OverrideOutcome.TIMED_OUT);
            assertThat(helper.next()).containsEntry(Prompt.TYPE, Prompt.WITHDRAWN);
        }
    }

    @Test
    void aClientWithoutAHelloInTimeIsDisconnectedAndTheNextOneIsTaken() throws Exception {
        desktop(new MacSession(UID, USER, true));
        try (RawHelper silent = RawHelper.connect(UserSocket.path(sockets(), UID))) {
            assertThat(silent.closedByTheAgent()).isTrue();
        }
        try (RawHelper helper = connected(UID, "en")) {
            desktop.tell(new Notice.DeviceMounted(STICK, Action.DENY, false, Map.of()));
            assertThat(helper.next()).containsEntry(Prompt.TYPE, Prompt.NOTICE).containsEntry(Prompt.URGENT, "true");
        }
    }

    @Test
    void thePeersUserMustBeTheSocketsUserByNameOrByNumber() {
        MacSession tanaka = new MacSession(501, "tanaka", true);
        assertThat(UserSocket.peerProblem("tanaka", tanaka)).isEmpty();
        assertThat(UserSocket.peerProblem("501", tanaka)).isEmpty();
        assertThat(UserSocket.peerProblem("root", tanaka)).hasValueSatisfying(why -> assertThat(why).contains("root"));
        assertThat(UserSocket.peerProblem("suzuki\nforged", tanaka)).hasValueSatisfying(why -> assertThat(why)
                .doesNotContain("\n"));
    }
}

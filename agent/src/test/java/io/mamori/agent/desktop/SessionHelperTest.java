package io.mamori.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows session helper's side of the pipe, against a service played by the test over a
 * loopback socket: what it says, what it shows, how it answers, and how it comes back.
 */
class SessionHelperTest {

    private static final String PIPE = "\\\\.\\pipe\\mamori-session-1-0123456789abcdef0123456789abcdef";

    /** What the helper showed. */
    static final class RecordingScreen implements SessionHelper.Screen {
        final List<String> shown = new CopyOnWriteArrayList<>();
        final List<OverrideDialog.AnswerSink> sinks = new CopyOnWriteArrayList<>();

        @Override
        public void notice(String title, String text, boolean urgent) {
            shown.add("notice " + title + ": " + text + (urgent ? " (urgent)" : ""));
        }

        @Override
        public SessionHelper.Window ask(Map<String, String> question, OverrideDialog.AnswerSink answers, Runnable finished) {
            shown.add("question " + question.get(Prompt.HEADING) + " keys " + question.keySet().stream()
                    .filter(key -> key.startsWith("mamori.")).toList());
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

        void await(int count) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (shown.size() < count && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
    }

    /** A service end: each connection the helper opens is accepted here. */
    static final class Service implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final List<String> opened = new CopyOnWriteArrayList<>();

        Service() throws IOException {
        }

        SessionHelper.PipeOpener opener() {
            return name -> {
                opened.add(name);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                return new SessionHelper.Connection(socket.getInputStream(), socket.getOutputStream(), socket);
            };
        }

        Socket accept() throws IOException {
            server.setSoTimeout(10_000);
            Socket socket = server.accept();
            socket.setSoTimeout(10_000);
            return socket;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void send(Socket socket, Map<String, String> message) throws IOException {
        Frames.write(Channels.newChannel(socket.getOutputStream()), message);
    }

    @Test
    void itSaysHelloShowsNoticesAndQuestionsAndSendsAnswersTaggedWithTheQuestion(@TempDir Path folder) throws Exception {
        Path announcement = SessionHelper.announcement(folder, 1);
        Files.writeString(announcement, PIPE + "\r\n", StandardCharsets.UTF_8);
        RecordingScreen screen = new RecordingScreen();
        try (Service service = new Service()) {
            SessionHelper helper = new SessionHelper(announcement, service.opener(), screen, 4242, Locale.JAPANESE, d -> { });
            Thread running = new Thread(() -> {
                try {
                    helper.run(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.start();
            try (Socket pipe = service.accept()) {
                Map<String, String> hello = Frames.read(pipe.getInputStream());
                send(pipe, Map.of(Prompt.TYPE, Prompt.NOTICE, Prompt.TITLE, "Mamori", Prompt.TEXT, "USB メモリを検出しました",
                        Prompt.URGENT, "true"));
                send(pipe, Map.of(Prompt.TYPE, Prompt.QUESTION, Prompt.ID, "op-1", Prompt.HEADING, "確認", Prompt.SECONDS, "60"));
                screen.await(2);
                screen.sinks.get(0).send(Map.of(Prompt.OUTCOME, Prompt.CANCELLED));
                Map<String, String> answer = Frames.read(pipe.getInputStream());
                send(pipe, Map.of(Prompt.TYPE, Prompt.REPLY, Prompt.ID, "op-1", Prompt.RESULT, Prompt.ACCEPTED));
                screen.await(3);

                assertThat(service.opened).containsExactly(PIPE);
                assertThat(hello).containsEntry(Prompt.TYPE, Prompt.HELLO).containsEntry(Prompt.PID, "4242")
                        .containsEntry(Prompt.LOCALE, "ja");
                assertThat(answer).containsEntry(Prompt.TYPE, Prompt.ANSWER).containsEntry(Prompt.ID, "op-1")
                        .containsEntry(Prompt.OUTCOME, Prompt.CANCELLED);
                assertThat(screen.shown).containsExactly("notice Mamori: USB メモリを検出しました (urgent)",
                        "question 確認 keys []", "reply accepted");
            }
            running.join(10_000);
            assertThat(running.isAlive()).isFalse();
        }
    }

    @Test
    void whenThePipeBreaksOpenQuestionsCloseAndItReconnectsToTheNewlyAnnouncedPipe(@TempDir Path folder) throws Exception {
        Path announcement = SessionHelper.announcement(folder, 1);
        Files.writeString(announcement, PIPE, StandardCharsets.UTF_8);
        String restarted = "\\\\.\\pipe\\mamori-session-1-fedcba9876543210fedcba9876543210";
        RecordingScreen screen = new RecordingScreen();
        List<Duration> waits = new ArrayList<>();
        try (Service service = new Service()) {
            SessionHelper helper = new SessionHelper(announcement, service.opener(), screen, 4242, Locale.ENGLISH, waits::add);
            Thread running = new Thread(() -> {
                try {
                    helper.run(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.start();
            try (Socket first = service.accept()) {
                Frames.read(first.getInputStream());
                send(first, Map.of(Prompt.TYPE, Prompt.QUESTION, Prompt.ID, "op-1", Prompt.HEADING, "Held"));
                screen.await(1);
                Files.writeString(announcement, restarted, StandardCharsets.UTF_8); // the service restarted: a new name
            }
            try (Socket second = service.accept()) {
                assertThat(Frames.read(second.getInputStream())).containsEntry(Prompt.LOCALE, "en");
            }
            running.join(10_000);

            assertThat(screen.shown).containsExactly("question Held keys []", "withdrawn");
            assertThat(service.opened).containsExactly(PIPE, restarted);
            assertThat(waits).hasSize(1);
            assertThat(waits.get(0)).as("after a connection that worked, the first wait again")
                    .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
        }
    }

    @Test
    void withoutAnAnnouncementItWaitsLongerEachTimeUpToHalfAMinute(@TempDir Path folder) throws Exception {
        List<Duration> waits = new ArrayList<>();
        SessionHelper helper = new SessionHelper(SessionHelper.announcement(folder, 1), name -> {
            throw new AssertionError("nothing to open");
        }, new RecordingScreen(), 1, Locale.ENGLISH, waits::add);

        helper.run(8);

        assertThat(waits).hasSize(7);
        assertThat(waits.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
        assertThat(waits.get(1)).isBetween(Duration.ofSeconds(4), Duration.ofMillis(4800));
        assertThat(waits.get(6)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36));
    }

    @Test
    void anAnnouncementThatIsNotAMamoriPipeIsNotOpened(@TempDir Path folder) throws Exception {
        Path announcement = SessionHelper.announcement(folder, 1);
        RecordingScreen screen = new RecordingScreen();
        for (String planted : new String[] {"\\\\attacker\\pipe\\mamori-session-1-0123456789abcdef0123456789abcdef",
            "\\\\.\\pipe\\other", "C:\\Windows\\System32\\config\\SAM"}) {
            Files.writeString(announcement, planted, StandardCharsets.UTF_8);
            SessionHelper helper = new SessionHelper(announcement, name -> {
                throw new AssertionError("opened " + name);
            }, screen, 1, Locale.ENGLISH, d -> { });
            assertThatThrownBy(helper::connectOnce).as(planted).isInstanceOf(IOException.class)
                    .hasMessageContaining("does not name a Mamori session pipe");
        }
    }
}

package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service host against a recording service control manager: what it reports while the agent
 * starts, runs and stops, and what its handler answers. Service main runs on a thread of the fake
 * dispatcher, as StartServiceCtrlDispatcher runs it; controls are sent from the test's thread.
 */
class WindowsServiceHostTest {

    private static final Duration TICK = Duration.ofMillis(20);

    /** Records SetServiceStatus; keeps the handler so the test can send controls. */
    static final class RecordingScm implements ServiceControlNative {
        final List<ServiceStatus> reported = new CopyOnWriteArrayList<>();
        final CountDownLatch registered = new CountDownLatch(1);
        final boolean started;
        volatile Handler handler;
        volatile String dispatchedName;
        RecordedMemory memory = new RecordedMemory(new byte[64], 8);

        RecordingScm(boolean started) {
            this.started = started;
        }

        @Override
        public boolean dispatch(String serviceName, Runnable serviceMain) {
            if (!started) {
                return false;
            }
            dispatchedName = serviceName;
            Thread main = new Thread(serviceMain, "service-main");
            main.start();
            try {
                main.join(TimeUnit.SECONDS.toMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }

        @Override
        public void register(String serviceName, Handler handler) {
            this.handler = handler;
            registered.countDown();
        }

        @Override
        public void report(ServiceStatus status) throws IOException {
            reported.add(status);
        }

        @Override
        public NativeMemory memory() {
            return memory;
        }

        @Override
        public int lastError() {
            return 1063; // ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
        }

        List<Integer> states() {
            return reported.stream().map(ServiceStatus::currentState).distinct().toList();
        }

        void awaitState(int state) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reported.stream().noneMatch(s -> s.currentState() == state) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aSlowStartReportsGrowingCheckPointsThenRunningAndAStopClosesTheAgentOnceThenStopped() throws Exception {
        RecordingScm scm = new RecordingScm(true);
        AtomicInteger closed = new AtomicInteger();
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> {
            Thread.sleep(150); // opening the log, starting the loops
            return () -> {
                Thread.sleep(150);
                closed.incrementAndGet();
            };
        }, TICK, List.of("-Xrs"));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread main = new Thread(() -> exit.set(host.run()));
        main.start();
        scm.awaitState(ServiceLifecycle.SERVICE_RUNNING);

        assertThat(scm.handler.handle(ServiceControls.SERVICE_CONTROL_STOP, 0, 0)).isEqualTo(ServiceControls.NO_ERROR);
        main.join(10_000);

        assertThat(scm.dispatchedName).isEqualTo("MamoriAgent");
        assertThat(exit.get()).isZero();
        assertThat(closed.get()).isEqualTo(1);
        assertThat(scm.states()).containsExactly(ServiceLifecycle.SERVICE_START_PENDING, ServiceLifecycle.SERVICE_RUNNING,
                ServiceLifecycle.SERVICE_STOP_PENDING, ServiceLifecycle.SERVICE_STOPPED);
        List<Integer> startCheckPoints = scm.reported.stream()
                .filter(s -> s.currentState() == ServiceLifecycle.SERVICE_START_PENDING).map(ServiceStatus::checkPoint).toList();
        assertThat(startCheckPoints).hasSizeGreaterThan(2).isSorted().doesNotHaveDuplicates().startsWith(1);
        List<Integer> stopCheckPoints = scm.reported.stream()
                .filter(s -> s.currentState() == ServiceLifecycle.SERVICE_STOP_PENDING).map(ServiceStatus::checkPoint).toList();
        assertThat(stopCheckPoints).hasSizeGreaterThan(2).isSorted().doesNotHaveDuplicates().startsWith(1);
        assertThat(scm.reported.get(scm.reported.size() - 1)).isEqualTo(new ServiceStatus(0x10, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void shutdownClosesTheAgentLikeStopAndASecondStopChangesNothing() throws Exception {
        RecordingScm scm = new RecordingScm(true);
        AtomicInteger closed = new AtomicInteger();
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> closed::incrementAndGet, TICK, List.of("-Xrs"));
        Thread main = new Thread(host::run);
        main.start();
        scm.awaitState(ServiceLifecycle.SERVICE_RUNNING);

        assertThat(scm.handler.handle(ServiceControls.SERVICE_CONTROL_SHUTDOWN, 0, 0)).isEqualTo(ServiceControls.NO_ERROR);
        assertThat(scm.handler.handle(ServiceControls.SERVICE_CONTROL_STOP, 0, 0)).isEqualTo(ServiceControls.NO_ERROR);
        main.join(10_000);

        assertThat(closed.get()).isEqualTo(1);
        assertThat(scm.reported.get(scm.reported.size() - 1).currentState()).isEqualTo(ServiceLifecycle.SERVICE_STOPPED);
    }

    @Test
    void aStartThatFailsEndsStoppedWithItsServiceSpecificCodeAndNeverRunning() throws Exception {
        RecordingScm scm = new RecordingScm(true);
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> {
            throw new WindowsServiceHost.StartFailure(2, "not enrolled");
        }, TICK, List.of("-Xrs"));

        int exit = host.run();

        assertThat(exit).isEqualTo(2);
        assertThat(scm.states()).containsExactly(ServiceLifecycle.SERVICE_START_PENDING, ServiceLifecycle.SERVICE_STOPPED);
        ServiceStatus last = scm.reported.get(scm.reported.size() - 1);
        assertThat(last.win32ExitCode()).isEqualTo(1066);
        assertThat(last.serviceSpecificExitCode()).isEqualTo(2);
    }

    @Test
    void anUnexpectedStartErrorGetsTheGenericCode() {
        RecordingScm scm = new RecordingScm(true);
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> {
            throw new IOException("disk full");
        }, TICK, List.of());

        assertThat(host.run()).isEqualTo(WindowsServiceHost.START_FAILED);
        assertThat(scm.reported.get(scm.reported.size() - 1).serviceSpecificExitCode()).isEqualTo(WindowsServiceHost.START_FAILED);
    }

    @Test
    void startedFromAPromptRatherThanByTheServiceControlManagerItSaysSoAndStartsNothing() {
        RecordingScm scm = new RecordingScm(false);
        AtomicInteger started = new AtomicInteger();
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> {
            started.incrementAndGet();
            return () -> { };
        }, TICK, List.of());

        assertThat(host.run()).isEqualTo(1);
        assertThat(started.get()).isZero();
        assertThat(scm.reported).isEmpty();
    }

    @Test
    void sessionChangesAndDeviceEventsReachTheirHooksOffTheHandlerThread() throws Exception {
        RecordingScm scm = new RecordingScm(true);
        // WTSSESSION_NOTIFICATION {cbSize = 8, dwSessionId = 3} at BASE; a DEV_BROADCAST_HDR of 12 bytes at BASE + 16
        byte[] recording = new byte[64];
        ByteBuffer at = ByteBuffer.wrap(recording).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        at.putInt(0, 8).putInt(4, 3).putInt(16, 12).putInt(20, 2).putInt(24, 0);
        scm.memory = new RecordedMemory(recording, 8);
        List<SessionChange> changes = new CopyOnWriteArrayList<>();
        List<String> devices = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        WindowsServiceHost host = new WindowsServiceHost(scm, "MamoriAgent", () -> () -> { }, TICK, List.of("-Xrs"))
                .onSessionChange(change -> {
                    changes.add(change);
                    both.countDown();
                })
                .onDeviceEvent((type, data) -> {
                    devices.add(Thread.currentThread().getName() + " " + Integer.toHexString(type) + " " + data.remaining());
                    both.countDown();
                });
        Thread main = new Thread(host::run);
        main.start();
        scm.awaitState(ServiceLifecycle.SERVICE_RUNNING);

        assertThat(scm.handler.handle(ServiceControls.SERVICE_CONTROL_SESSIONCHANGE, SessionChange.WTS_SESSION_LOGON,
                RecordedMemory.BASE)).isEqualTo(0);
        assertThat(scm.handler.handle(ServiceControls.SERVICE_CONTROL_DEVICEEVENT, 0x8000, RecordedMemory.BASE + 16)).isEqualTo(0);
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        scm.handler.handle(ServiceControls.SERVICE_CONTROL_STOP, 0, 0);
        main.join(10_000);

        assertThat(changes).containsExactly(new SessionChange(SessionChange.WTS_SESSION_LOGON, 3));
        assertThat(devices).containsExactly("mamori-service-events 8000 12");
    }
}

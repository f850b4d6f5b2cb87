package io.mamori.agent.platform.windows;

import static io.mamori.agent.platform.windows.ServiceLifecycle.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The statuses the service reports, against the rules of the SERVICE_STATUS page. */
class WindowsServiceLifecycleTest {

    @Test
    void aStartReportsGrowingCheckPointsWithAWaitHintAndAcceptsNoControlsUntilRunning() {
        ServiceLifecycle lifecycle = new ServiceLifecycle();
        ServiceStatus first = lifecycle.starting();
        ServiceStatus second = lifecycle.nextCheckPoint().orElseThrow();
        ServiceStatus third = lifecycle.nextCheckPoint().orElseThrow();

        assertThat(first).isEqualTo(new ServiceStatus(0x10, 2, 0, 0, 0, 1, 10_000));
        assertThat(second.checkPoint()).isEqualTo(2);
        assertThat(third.checkPoint()).isEqualTo(3);
        assertThat(third.controlsAccepted()).isZero();
        assertThat(third.waitHintMillis()).as("longer than the 2 s between check points").isGreaterThan(2_000);
    }

    @Test
    void runningAcceptsStopShutdownAndSessionChangesWithACheckPointOfZero() {
        ServiceLifecycle lifecycle = new ServiceLifecycle();
        lifecycle.starting();
        ServiceStatus running = lifecycle.running();

        assertThat(running.currentState()).isEqualTo(SERVICE_RUNNING);
        assertThat(running.controlsAccepted()).isEqualTo(0x1 | 0x4 | 0x80);
        assertThat(running.checkPoint()).isZero();
        assertThat(running.waitHintMillis()).isZero();
        assertThat(lifecycle.nextCheckPoint()).as("nothing pending").isEmpty();
    }

    @Test
    void aStopCountsItsOwnCheckPointsFromOneAndEndsStoppedWithoutAnError() {
        ServiceLifecycle lifecycle = new ServiceLifecycle();
        lifecycle.starting();
        lifecycle.nextCheckPoint();
        lifecycle.running();
        ServiceStatus stopping = lifecycle.stopping();
        ServiceStatus later = lifecycle.nextCheckPoint().orElseThrow();
        ServiceStatus stopped = lifecycle.stopped();

        assertThat(stopping).isEqualTo(new ServiceStatus(0x10, 3, 0, 0, 0, 1, 15_000));
        assertThat(later.checkPoint()).isEqualTo(2);
        assertThat(stopped).isEqualTo(new ServiceStatus(0x10, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void aFailedStartEndsStoppedWithTheServiceSpecificErrorAndOurCode() {
        ServiceLifecycle lifecycle = new ServiceLifecycle();
        lifecycle.starting();
        ServiceStatus failed = lifecycle.failed(2);

        assertThat(failed.currentState()).isEqualTo(SERVICE_STOPPED);
        assertThat(failed.win32ExitCode()).isEqualTo(1066);
        assertThat(failed.serviceSpecificExitCode()).isEqualTo(2);
    }

    @Test
    void statusesOutOfOrderAreRefusedRatherThanReported() {
        ServiceLifecycle lifecycle = new ServiceLifecycle();
        assertThatThrownBy(lifecycle::running).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lifecycle::stopped).isInstanceOf(IllegalStateException.class);
        lifecycle.starting();
        lifecycle.running();
        assertThatThrownBy(lifecycle::starting).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lifecycle.failed(1)).isInstanceOf(IllegalStateException.class);
        lifecycle.stopping();
        lifecycle.stopped();
        assertThatThrownBy(lifecycle::starting).as("a stopped service process does not start again").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theJvmFlagThatKeepsLogoffFromStoppingTheServiceIsFound() {
        assertThat(JvmFlags.reducesSignalUse(java.util.List.of("-Xmx256m", "-Xrs"))).isTrue();
        assertThat(JvmFlags.reducesSignalUse(java.util.List.of("-Xmx256m", "-XX:+UseSerialGC"))).isFalse();
        assertThat(JvmFlags.reducesSignalUse(java.util.List.of("-Xrss1m"))).as("not -Xrs").isFalse();
    }
}

package io.mamori.agent.testing;

import io.mamori.agent.cli.AgentCommand;
import io.mamori.agent.state.StateDirectory;
import io.mamori.console.testing.ConsoleFixture;

/** Enrolls an agent with a test console the way an administrator's script does ({@code mamori agent enroll}). */
public final class Enrollment {

    private Enrollment() {
    }

    /** Enrolls the agent of {@code state} in the default group under {@code hostname}; fails if the command does. */
    public static void enroll(ConsoleFixture console, StateDirectory state, String hostname) {
        int exit = AgentCommand.run("enroll", "--state-dir", state.root().toString(), "--console", console.client().baseUrl() + "/",
                "--token", console.enrollmentToken("default", 1, 1), "--fingerprint", console.tls().fingerprint(),
                "--hostname", hostname);
        if (exit != 0) {
            throw new IllegalStateException("enrolling " + hostname + " failed with exit code " + exit);
        }
    }
}

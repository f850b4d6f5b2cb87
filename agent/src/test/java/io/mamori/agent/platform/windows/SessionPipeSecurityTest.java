package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.agent.platform.common.LogText;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The pipe's name, its DACL in SDDL, and the peer check. */
class SessionPipeSecurityTest {

    @Test
    void theDaclAdmitsSystemAndTheSessionsUserOnlyAndInheritsNothing() {
        assertThat(PipeSecurity.sddl("S-1-5-21-1004336348-1177238915-682003330-1001"))
                .isEqualTo("D:P(A;;GA;;;SY)(A;;GRGW;;;S-1-5-21-1004336348-1177238915-682003330-1001)");
        assertThat(PipeSecurity.sddl("S-1-12-1-1234567890-1234567890-1234567890-1234567890"))
                .as("an Entra ID account").endsWith("(A;;GRGW;;;S-1-12-1-1234567890-1234567890-1234567890-1234567890)");
    }

    @Test
    void nothingButASidReachesTheSddl() {
        for (String bad : new String[] {"S-1-5-21-1)(A;;GA;;;WD", "WD", "S-1-5-21-1\n", "", "S-1", "s-1-5-18", "S-1-5-x"}) {
            assertThatThrownBy(() -> PipeSecurity.sddl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PipeSecurity.sddl(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PipeSecurity.isSid("S-1-5-18")).isTrue();
    }

    @Test
    void aPipeNameCarriesTheSessionAndOneHundredTwentyEightRandomBits() {
        SecureRandom random = new SecureRandom();
        String first = PipeSecurity.pipeName(3, random);
        String second = PipeSecurity.pipeName(3, random);

        assertThat(first).matches("\\\\\\\\\\.\\\\pipe\\\\mamori-session-3-[0-9a-f]{32}").isNotEqualTo(second);
        assertThatThrownBy(() -> PipeSecurity.pipeName(0, random)).as("session 0 is the services'")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientIsTakenOnlyWhenWindowsAndItsHelloAgreeOnTheSession() {
        assertThat(PeerCheck.clientSession(3, 3)).isEmpty();
        assertThat(PeerCheck.clientSession(3, 1)).hasValueSatisfying(why -> assertThat(why).contains("session 1"));

        assertThat(PeerCheck.hello(3, 4242, 4242, 3)).isEmpty();
        assertThat(PeerCheck.hello(3, 4242, 777, 3)).as("the hello names another process").isPresent();
        assertThat(PeerCheck.hello(3, 4242, 4242, 1)).as("the process is in another session").isPresent();
    }

    @Test
    void textFromAPipeIsLoggedWithoutControlCharactersAndCut() {
        assertThat(LogText.of("ok\r\nFORGED 10:00 INFO agent stopped\u0007")).isEqualTo("ok??FORGED 10:00 INFO agent stopped?");
        assertThat(LogText.of("x".repeat(500))).startsWith("x".repeat(LogText.MAX)).endsWith("(500 chars)");
        assertThat(LogText.of("\u202Egnp.exe")).as("no bidirectional overrides").startsWith("?");
        assertThat(LogText.of(null)).isEqualTo("(none)");
    }
}

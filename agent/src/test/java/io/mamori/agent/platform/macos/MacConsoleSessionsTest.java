package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The GUI sessions read from {@code scutil}'s {@code show State:/Users/ConsoleUser}. The outputs
 * below were written after examples published by Mac administrators (the format of that command);
 * they were not recorded on a Mac by this project.
 */
class MacConsoleSessionsTest {

    /** Two people logged in with fast user switching; suzuki has the screen. */
    static final String TWO_USERS = """
            <dictionary> {
              GID : 20
              Name : tanaka
              SessionInfo : <array> {
                0 : <dictionary> {
                  kCGSSessionAuditIDKey : 100008
                  kCGSSessionGroupIDKey : 20
                  kCGSSessionIDKey : 257
                  kCGSSessionLoginwindowSafeLogin : FALSE
                  kCGSSessionOnConsoleKey : FALSE
                  kCGSSessionSystemSafeBoot : FALSE
                  kCGSSessionUserIDKey : 501
                  kCGSSessionUserNameKey : tanaka
                  kCGSessionLoginDoneKey : TRUE
                  kCGSessionLongUserNameKey : Tanaka Hanako
                  kSCSecuritySessionID : 100008
                }
                1 : <dictionary> {
                  kCGSSessionAuditIDKey : 100999
                  kCGSSessionGroupIDKey : 20
                  kCGSSessionIDKey : 265
                  kCGSSessionLoginwindowSafeLogin : FALSE
                  kCGSSessionOnConsoleKey : TRUE
                  kCGSSessionSystemSafeBoot : FALSE
                  kCGSSessionUserIDKey : 502
                  kCGSSessionUserNameKey : suzuki
                  kCGSessionLoginDoneKey : TRUE
                  kCGSessionLongUserNameKey : Suzuki Ichiro
                  kSCSecuritySessionID : 100999
                }
              }
              UID : 501
            }
            """;

    @Test
    void everyGuiSessionIsListedAndTheOneOnConsoleIsMarkedNotTheTopLevelName() {
        assertThat(ConsoleSessions.parse(TWO_USERS)).containsExactly(new MacSession(501, "tanaka", false),
                new MacSession(502, "suzuki", true));
    }

    @Test
    void atTheLoginWindowNobodyIsThere() {
        String loginWindow = """
                <dictionary> {
                  GID : 0
                  Name : loginwindow
                  UID : 0
                }
                """;
        assertThat(ConsoleSessions.parse(loginWindow)).isEmpty();
        assertThat(ConsoleSessions.parse("  No such key\n")).isEmpty();
        assertThat(ConsoleSessions.parse("")).isEmpty();
    }

    @Test
    void withoutASessionArrayTheTopLevelUserIsTheOneOnConsole() {
        String plain = """
                <dictionary> {
                  GID : 20
                  Name : tanaka
                  UID : 501
                }
                """;
        assertThat(ConsoleSessions.parse(plain)).containsExactly(new MacSession(501, "tanaka", true));
    }

    @Test
    void rootSessionsAndUnreadableIdsAreLeftOut() {
        String odd = """
                <dictionary> {
                  Name : tanaka
                  SessionInfo : <array> {
                    0 : <dictionary> {
                      kCGSSessionOnConsoleKey : TRUE
                      kCGSSessionUserIDKey : 0
                      kCGSSessionUserNameKey : root
                    }
                    1 : <dictionary> {
                      kCGSSessionOnConsoleKey : FALSE
                      kCGSSessionUserIDKey : five
                      kCGSSessionUserNameKey : mallory
                    }
                    2 : <dictionary> {
                      kCGSSessionOnConsoleKey : FALSE
                      kCGSSessionUserIDKey : 501
                      kCGSSessionUserNameKey : tanaka
                    }
                  }
                  UID : 501
                }
                """;
        assertThat(ConsoleSessions.parse(odd)).containsExactly(new MacSession(501, "tanaka", false));
    }
}

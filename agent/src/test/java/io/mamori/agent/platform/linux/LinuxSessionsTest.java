package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading who is at the screen: loginctl's output, /proc, the user database (no logind needed). */
class LinuxSessionsTest {

    @TempDir
    Path dir;

    @Test
    void sessionIdsAreTheFirstWordOfEachSessionLineWhateverColumnsTheSystemdVersionAdds() {
        // systemd 252 (Debian 12): SESSION UID USER SEAT TTY
        assertThat(LinuxSessions.sessionIds("""
                      2 1000 tanaka seat0 tty2
                     c1  120 gdm    seat0 tty1
                """)).containsExactly("2", "c1");
        // systemd 256: SESSION UID USER SEAT LEADER CLASS TTY IDLE SINCE
        assertThat(LinuxSessions.sessionIds("""
                3 1001 suzuki seat0 1877 user tty2 no -
                4 1001 suzuki -     2519 user -    no -
                """)).containsExactly("3", "4");
        assertThat(LinuxSessions.sessionIds("")).isEmpty();
        assertThat(LinuxSessions.sessionIds("No sessions.\n")).as("older loginctl says so even with --no-legend").isEmpty();
    }

    @Test
    void onlyLocalGraphicalSessionsOfPeopleThatAreActiveOrOnlineCount() {
        String showSession = """
                Id=2
                User=1000
                Type=wayland
                Class=user
                State=active
                Remote=no

                Id=c1
                User=120
                Type=x11
                Class=greeter
                State=online
                Remote=no

                Id=5
                User=1001
                Type=tty
                Class=user
                State=active
                Remote=no

                Id=6
                User=1002
                Type=x11
                Class=user
                State=online
                Remote=yes

                Id=7
                User=1003
                Type=x11
                Class=user
                State=closing
                Remote=no

                Id=8
                User=1004
                Type=x11
                Class=user
                State=online
                Remote=no
                """;
        assertThat(LinuxSessions.graphicalUsers(showSession)).containsExactlyInAnyOrder(1000L, 1004L);
        assertThat(LinuxSessions.graphicalUsers("")).isEmpty();
        assertThat(LinuxSessions.graphicalUsers("Failed to get session: No session 'x' known\n")).isEmpty();
        assertThat(LinuxSessions.graphicalUsers("Type=x11\nState=active\nUser=not-a-number\n")).isEmpty();
    }

    @Test
    void eachUsersDesktopEnvironmentIsReadFromTheirProcessesPreferringOneWithASessionBus() throws Exception {
        process(1, 0, "DISPLAY=:0\0HOME=/root\0");                                  // root: read, not a person
        process(200, 1000, "HOME=/home/tanaka\0");                                   // no display
        process(300, 1000, "DISPLAY=:0\0LANG=ja_JP.UTF-8\0SECRET_TOKEN=x\0");         // display, no bus
        process(400, 1000, "DISPLAY=:0\0DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus\0LANG=ja_JP.UTF-8\0"
                + "XAUTHORITY=/run/user/1000/gdm/Xauthority\0broken-entry\0=no-name\0");
        process(500, 1001, "WAYLAND_DISPLAY=wayland-0\0LANG=en_US.UTF-8\0");
        Files.createDirectories(dir.resolve("self"));                               // not a process id
        Files.createDirectories(dir.resolve("600"));                                // ended while listed: no files

        Map<Long, Map<String, String>> found = LinuxSessions.environments(dir);

        assertThat(found.keySet()).containsExactly(0L, 1000L, 1001L);
        assertThat(found.get(1000L)).containsEntry("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
                .containsEntry("XAUTHORITY", "/run/user/1000/gdm/Xauthority").containsEntry("LANG", "ja_JP.UTF-8")
                .doesNotContainKey("SECRET_TOKEN").doesNotContainKey("HOME");
        assertThat(found.get(1001L)).containsExactly(Map.entry("WAYLAND_DISPLAY", "wayland-0"), Map.entry("LANG", "en_US.UTF-8"));
    }

    @Test
    void theRealUserIdIsTheFirstOfTheUidLine() {
        assertThat(LinuxSessions.realUid("Name:\tcp\nUid:\t1000\t0\t0\t0\nGid:\t1000\n")).hasValue(1000);
        assertThat(LinuxSessions.realUid("Name:\tkworker\n")).isEmpty();
        assertThat(LinuxSessions.realUid("Uid:\tx\n")).isEmpty();
    }

    @Test
    void aPasswdLineGivesNameGroupAndHomeAndAMalformedOneNothing() {
        assertThat(LinuxSessions.passwdLine("tanaka:x:1000:1000:Taro Tanaka,,,:/home/tanaka:/bin/bash\n")).hasValueSatisfying(a -> {
            assertThat(a.name()).isEqualTo("tanaka");
            assertThat(a.gid()).isEqualTo(1000);
            assertThat(a.home()).isEqualTo(Path.of("/home/tanaka"));
        });
        assertThat(LinuxSessions.passwdLine("")).isEmpty();
        assertThat(LinuxSessions.passwdLine("tanaka:x:1000")).isEmpty();
        assertThat(LinuxSessions.passwdLine("tanaka:x:1000:staff:::/bin/sh")).isEmpty();
    }

    private void process(long pid, long uid, String environ) throws Exception {
        Path process = Files.createDirectories(dir.resolve(Long.toString(pid)));
        Files.writeString(process.resolve("status"), "Name:\ttest\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
        Files.write(process.resolve("environ"), environ.getBytes(StandardCharsets.UTF_8));
    }
}

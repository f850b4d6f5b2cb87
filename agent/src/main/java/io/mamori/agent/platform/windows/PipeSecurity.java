package io.mamori.agent.platform.windows;

import io.mamori.agent.platform.common.LogText;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name and the security descriptor of a session's pipe. The name carries the session id and
 * 128 random bits, so nobody can create it before the agent does (name squatting) and a helper
 * learns it only from its announcement ({@code PipeAnnouncer}). The DACL, in SDDL
 * (https://learn.microsoft.com/en-us/windows/win32/secauthz/security-descriptor-string-format),
 * is protected ({@code P}: nothing inherited) and admits two principals: LocalSystem ({@code SY}),
 * the agent, with all rights, and the session's user with read and write, which a client needs to
 * open a duplex pipe (https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-security-and-access-rights).
 * Everyone else, administrators and other users of the machine included, is denied by omission.
 * GENERIC_WRITE includes FILE_CREATE_PIPE_INSTANCE, so the user could add an instance of the
 * same name; they cannot here, as the pipe is made with FILE_FLAG_FIRST_PIPE_INSTANCE and at most
 * one instance, which stays until the agent closes it (a new pipe gets a new random name).
 */
final class PipeSecurity {

    static final String PREFIX = "\\\\.\\pipe\\mamori-session-";
    /**
     * A SID string: S-1-&lt;authority&gt;-&lt;up to 15 sub-authorities&gt;
     * (https://learn.microsoft.com/en-us/windows/win32/secauthz/sid-components); nothing else may
     * reach the SDDL text, whose syntax a crafted account name could otherwise extend.
     */
    private static final Pattern SID = Pattern.compile("S-1-\\d{1,13}(-\\d{1,10}){1,15}");

    private PipeSecurity() {
    }

    static boolean isSid(String text) {
        return text != null && SID.matcher(text).matches();
    }

    /** {@code D:P(A;;GA;;;SY)(A;;GRGW;;;<user SID>)}. */
    static String sddl(String userSid) {
        if (!isSid(userSid)) {
            throw new IllegalArgumentException("not a SID: " + LogText.of(userSid));
        }
        return "D:P(A;;GA;;;SY)(A;;GRGW;;;" + userSid + ")";
    }

    /** {@code \\.\pipe\mamori-session-<id>-<32 hex digits>}. */
    static String pipeName(int sessionId, SecureRandom random) {
        if (sessionId <= 0) {
            throw new IllegalArgumentException("session " + sessionId + " has nobody at its screen");
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return PREFIX + sessionId + "-" + HexFormat.of().formatHex(bits);
    }
}

package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32Util;
import java.io.IOException;

/** An IOException naming the Win32 call that failed and Windows's own words for why. Compiled only: not run here. */
final class Win32Failure {

    private Win32Failure() {
    }

    /** From the last error JNA kept for this thread, read at once after the failed call. */
    static IOException of(String call) {
        int code = Native.getLastError();
        return of(call, code);
    }

    static IOException of(String call, int code) {
        String words;
        try {
            words = Kernel32Util.formatMessageFromLastErrorCode(code).strip();
        } catch (RuntimeException e) {
            words = "no message";
        }
        return new IOException(call + " failed: error " + code + " (" + words + ")");
    }
}

package io.mamori.agent.desktop;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Reads only what is already there, waiting between looks. A Windows pipe opened without
 * FILE_FLAG_OVERLAPPED (as the JDK opens one) runs one I/O at a time on its handle
 * (https://learn.microsoft.com/en-us/windows/win32/fileio/synchronous-and-asynchronous-i-o), so
 * a read that waits for the other side would keep this side from writing. {@code available()} on
 * such a pipe asks PeekNamedPipe (the JDK's {@code handleAvailable} in io_util_md.c; our JNA pipe
 * the same), which never waits and fails once the other end has gone: that ends the stream.
 */
public final class PollingInput extends FilterInputStream {

    private final long pollMillis;

    public PollingInput(InputStream in, Duration poll) {
        super(in);
        this.pollMillis = Math.max(1, poll.toMillis());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            int ready = in.available(); // throws when the pipe is broken
            if (ready > 0) {
                return in.read(buffer, offset, Math.min(length, ready));
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the pipe");
            }
        }
    }
}

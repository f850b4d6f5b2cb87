package io.mamori.agent.platform.linux;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Lets a reader thread wait in {@code poll(2)} on its descriptor with no timeout and still be
 * stopped at once: it polls an eventfd beside it, which {@link #wake()} makes readable. An idle
 * agent then takes no processor time at all for waiting (a one-second timeout cost two JNA calls
 * a second per thread).
 */
final class Wakeup implements AutoCloseable {

    private final int eventFd;

    private Wakeup(int eventFd) {
        this.eventFd = eventFd;
    }

    static Wakeup create() throws IOException {
        int fd = LibC.INSTANCE.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (fd < 0) {
            throw new IOException("no eventfd to stop a reader thread with (errno " + Native.getLastError() + ")");
        }
        return new Wakeup(fd);
    }

    /** A poll set for one thread: {@code fd} for {@code events}, and this wake-up. */
    LibC.PollFd[] pollSet(int fd) {
        LibC.PollFd[] set = (LibC.PollFd[]) new LibC.PollFd().toArray(2);
        set[0].fd = fd;
        set[1].fd = eventFd;
        return set;
    }

    /** Waits, without a timeout, until {@code set[0]} has one of {@code events} or {@link #wake()} was called; true in the first case. */
    static boolean await(LibC.PollFd[] set, short events) {
        set[0].events = events;
        set[0].revents = 0;
        set[1].events = LibC.POLLIN;
        set[1].revents = 0;
        int ready = LibC.INSTANCE.poll(set, set.length, -1);
        set[0].read();
        return ready > 0 && (set[0].revents & events) != 0;
    }

    void wake() {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        LibC.INSTANCE.write(eventFd, one, one.length);
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(eventFd);
    }
}

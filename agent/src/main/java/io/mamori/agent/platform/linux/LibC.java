package io.mamori.agent.platform.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/** The few C library calls the Linux agent needs that Java does not offer. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    short POLLPRI = 0x002;
    short POLLERR = 0x008;

    int open(String path, int flags);

    int close(int fd);

    int poll(PollFd fds, int count, int timeoutMillis);

    /** struct pollfd */
    @Structure.FieldOrder({"fd", "events", "revents"})
    class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }
}

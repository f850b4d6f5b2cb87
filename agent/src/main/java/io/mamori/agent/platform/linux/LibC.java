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

    int O_LARGEFILE = 0x8000;
    int O_CLOEXEC = 0x80000;
    int AT_FDCWD = -100;
    short POLLIN = 0x001;

    int FAN_CLOEXEC = 0x1;
    int FAN_CLASS_NOTIF = 0x0;
    int FAN_MARK_ADD = 0x1;
    int FAN_MARK_REMOVE = 0x2;
    int FAN_MARK_MOUNT = 0x10;
    long FAN_CLOSE_WRITE = 0x8L;

    int open(String path, int flags);

    int fanotify_init(int flags, int eventFileFlags);

    int fanotify_mark(int fanotifyFd, int flags, long mask, int dirFd, String path);

    int read(int fd, byte[] buffer, long count);

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

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

    int IN_NONBLOCK = 0x800;
    int IN_CLOEXEC = 0x80000;
    int IN_CLOSE_WRITE = 0x8;
    int IN_MOVED_FROM = 0x40;
    int IN_MOVED_TO = 0x80;
    int IN_CREATE = 0x100;
    int IN_DELETE = 0x200;
    int IN_UNMOUNT = 0x2000;
    int IN_Q_OVERFLOW = 0x4000;
    int IN_IGNORED = 0x8000;
    int IN_ONLYDIR = 0x1000000;
    int IN_DONT_FOLLOW = 0x2000000;
    int IN_EXCL_UNLINK = 0x4000000;
    int IN_ISDIR = 0x40000000;

    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;

    int ENOENT = 2;
    int EAGAIN = 11;
    int ENOTDIR = 20;
    int ENOSPC = 28;

    int open(String path, int flags);

    int fanotify_init(int flags, int eventFileFlags);

    int fanotify_mark(int fanotifyFd, int flags, long mask, int dirFd, String path);

    int inotify_init1(int flags);

    /** {@code path} is the directory's bytes, NUL-terminated: names need not be valid UTF-8. */
    int inotify_add_watch(int inotifyFd, byte[] path, int mask);

    int inotify_rm_watch(int inotifyFd, int watchDescriptor);

    int eventfd(int initialValue, int flags);

    int read(int fd, byte[] buffer, long count);

    int write(int fd, byte[] buffer, long count);

    int close(int fd);

    int poll(PollFd fds, int count, int timeoutMillis);

    /** {@code fds} from {@link Structure#toArray(int)}, so that the structures are contiguous. */
    int poll(PollFd[] fds, int count, int timeoutMillis);

    /** struct pollfd */
    @Structure.FieldOrder({"fd", "events", "revents"})
    class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }
}

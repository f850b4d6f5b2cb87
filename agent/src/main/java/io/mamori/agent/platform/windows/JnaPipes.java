package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import io.mamori.agent.desktop.PollingInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@link PipeNative} through jna-platform's Kernel32 mappings, plus the one call it lacks
 * ({@link Sddl}). Compiled only: no Windows machine was reachable when this was written.
 */
final class JnaPipes implements PipeNative {

    // CreateNamedPipeW, https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createnamedpipew
    static final int PIPE_ACCESS_DUPLEX = 0x00000003;
    static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    static final int PIPE_TYPE_BYTE = 0x00000000;
    static final int PIPE_READMODE_BYTE = 0x00000000;
    static final int PIPE_WAIT = 0x00000000;
    static final int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;
    static final int BUFFER = 64 * 1024;
    // winerror.h
    static final int ERROR_PIPE_CONNECTED = 535;
    // sddl.h
    static final int SDDL_REVISION_1 = 1;
    private static final Duration POLL = Duration.ofMillis(50);

    /** What jna-platform 5.18.1's Advapi32 does not map. */
    interface Sddl extends StdCallLibrary {
        Sddl INSTANCE = Native.load("advapi32", Sddl.class, W32APIOptions.UNICODE_OPTIONS);

        /** https://learn.microsoft.com/en-us/windows/win32/api/sddl/nf-sddl-convertstringsecuritydescriptortosecuritydescriptorw */
        boolean ConvertStringSecurityDescriptorToSecurityDescriptor(String stringSecurityDescriptor, int revision,
                PointerByReference securityDescriptor, IntByReference securityDescriptorSize);
    }

    @Override
    public Endpoint create(String name, String sddl) throws IOException {
        PointerByReference descriptor = new PointerByReference();
        if (!Sddl.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl, SDDL_REVISION_1, descriptor, null)) {
            throw new IOException("ConvertStringSecurityDescriptorToSecurityDescriptorW failed with error " + Native.getLastError());
        }
        try {
            WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
            attributes.dwLength = new WinDef.DWORD(attributes.size());
            attributes.lpSecurityDescriptor = descriptor.getValue();
            attributes.bInheritHandle = false;
            WinNT.HANDLE pipe = Kernel32.INSTANCE.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE,
                    PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, BUFFER, BUFFER, 0, attributes);
            if (pipe == null || WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
                throw new IOException("CreateNamedPipeW failed with error " + Native.getLastError());
            }
            return new JnaEndpoint(name, pipe);
        } finally {
            Kernel32.INSTANCE.LocalFree(descriptor.getValue());
        }
    }

    @Override
    public int sessionOfProcess(long pid) throws IOException {
        IntByReference session = new IntByReference();
        if (!Kernel32.INSTANCE.ProcessIdToSessionId((int) pid, session)) {
            throw new IOException("ProcessIdToSessionId(" + pid + ") failed with error " + Native.getLastError());
        }
        return session.getValue();
    }

    private static final class JnaEndpoint implements Endpoint {
        private final String name;
        private final WinNT.HANDLE pipe;
        private volatile boolean closed;

        JnaEndpoint(String name, WinNT.HANDLE pipe) {
            this.name = name;
            this.pipe = pipe;
        }

        @Override
        public void awaitClient() throws IOException {
            boolean connected = Kernel32.INSTANCE.ConnectNamedPipe(pipe, null)
                    || Native.getLastError() == ERROR_PIPE_CONNECTED; // it connected between create and connect
            if (closed) {
                throw new IOException("the pipe is closed");
            }
            if (!connected) {
                throw new IOException("ConnectNamedPipe failed with error " + Native.getLastError());
            }
        }

        @Override
        public long clientProcessId() throws IOException {
            WinDef.ULONGByReference pid = new WinDef.ULONGByReference();
            if (!Kernel32.INSTANCE.GetNamedPipeClientProcessId(pipe, pid)) {
                throw new IOException("GetNamedPipeClientProcessId failed with error " + Native.getLastError());
            }
            return pid.getValue().longValue();
        }

        @Override
        public int clientSessionId() throws IOException {
            WinDef.ULONGByReference session = new WinDef.ULONGByReference();
            if (!Kernel32.INSTANCE.GetNamedPipeClientSessionId(pipe, session)) {
                throw new IOException("GetNamedPipeClientSessionId failed with error " + Native.getLastError());
            }
            return session.getValue().intValue();
        }

        @Override
        public InputStream in() {
            return new PollingInput(new InputStream() {
                @Override
                public int available() throws IOException {
                    IntByReference ready = new IntByReference();
                    if (!Kernel32.INSTANCE.PeekNamedPipe(pipe, null, 0, null, ready, null)) {
                        throw new IOException("the session helper's pipe is broken (error " + Native.getLastError() + ")");
                    }
                    return ready.getValue();
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    byte[] chunk = new byte[length];
                    IntByReference read = new IntByReference();
                    if (!Kernel32.INSTANCE.ReadFile(pipe, chunk, length, read, null)) {
                        throw new IOException("reading the pipe failed with error " + Native.getLastError());
                    }
                    System.arraycopy(chunk, 0, buffer, offset, read.getValue());
                    return read.getValue() == 0 ? -1 : read.getValue();
                }
            }, POLL);
        }

        @Override
        public OutputStream out() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    byte[] chunk = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
                    int done = 0;
                    while (done < length) {
                        IntByReference written = new IntByReference();
                        byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, length);
                        if (!Kernel32.INSTANCE.WriteFile(pipe, rest, rest.length, written, null)) {
                            throw new IOException("writing the pipe failed with error " + Native.getLastError());
                        }
                        done += written.getValue();
                    }
                }
            };
        }

        @Override
        public void disconnect() throws IOException {
            Kernel32.INSTANCE.FlushFileBuffers(pipe);
            if (!Kernel32.INSTANCE.DisconnectNamedPipe(pipe)) {
                throw new IOException("DisconnectNamedPipe failed with error " + Native.getLastError());
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // a thread waiting in ConnectNamedPipe returns once a client connects: connect one, then close
            WinNT.HANDLE self = Kernel32.INSTANCE.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
                    WinNT.OPEN_EXISTING, 0, null);
            if (self != null && !WinBase.INVALID_HANDLE_VALUE.equals(self)) {
                Kernel32.INSTANCE.CloseHandle(self);
            }
            Kernel32.INSTANCE.DisconnectNamedPipe(pipe);
            Kernel32.INSTANCE.CloseHandle(pipe);
        }
    }

    /** The session the current process runs in (for the helper). */
    static int currentSession() throws IOException {
        IntByReference session = new IntByReference();
        if (!Kernel32.INSTANCE.ProcessIdToSessionId(Kernel32.INSTANCE.GetCurrentProcessId(), session)) {
            throw new IOException("ProcessIdToSessionId failed with error " + Native.getLastError());
        }
        return session.getValue();
    }
}

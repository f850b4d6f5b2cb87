package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The buffers of IOCTL_DISK_SET_DISK_ATTRIBUTES and IOCTL_DISK_GET_DISK_ATTRIBUTES, built and read
 * as plain bytes so that their layout is tested here. Layouts from winioctl.h as documented on
 * learn.microsoft.com ("SET_DISK_ATTRIBUTES", "GET_DISK_ATTRIBUTES"); little-endian.
 */
final class DiskAttributes {

    /** CTL_CODE(IOCTL_DISK_BASE, 0x003c, METHOD_BUFFERED, FILE_ANY_ACCESS) (winioctl.h). */
    static final int IOCTL_DISK_GET_DISK_ATTRIBUTES = 0x000700f0;
    /** CTL_CODE(IOCTL_DISK_BASE, 0x003d, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS) (winioctl.h). */
    static final int IOCTL_DISK_SET_DISK_ATTRIBUTES = 0x0007c0f4;
    /** CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 6, METHOD_BUFFERED, FILE_ANY_ACCESS) (winioctl.h). */
    static final int FSCTL_LOCK_VOLUME = 0x00090018;
    /** CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 8, METHOD_BUFFERED, FILE_ANY_ACCESS) (winioctl.h). */
    static final int FSCTL_DISMOUNT_VOLUME = 0x00090020;
    static final long DISK_ATTRIBUTE_OFFLINE = 0x1;
    static final long DISK_ATTRIBUTE_READ_ONLY = 0x2;
    /**
     * DWORD Version; BOOLEAN Persist; BYTE Reserved1[3]; DWORDLONG Attributes; DWORDLONG AttributesMask;
     * DWORD Reserved2[4]. Version is sizeof(SET_DISK_ATTRIBUTES).
     */
    static final int SET_BYTES = 40;
    /** DWORD Version; DWORD Reserved1; DWORDLONG Attributes. */
    static final int GET_BYTES = 16;

    private DiskAttributes() {
    }

    /** A SET_DISK_ATTRIBUTES that sets ({@code on}) or clears the attributes in {@code mask}, not persisted across restarts. */
    static ByteBuffer set(long mask, boolean on) {
        ByteBuffer buffer = ByteBuffer.allocate(SET_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(0, SET_BYTES);
        buffer.put(4, (byte) 0); // Persist = FALSE: the attribute lasts while the disk is attached
        buffer.putLong(8, on ? mask : 0);
        buffer.putLong(16, mask);
        return buffer;
    }

    /** The Attributes of a GET_DISK_ATTRIBUTES the IOCTL filled in. */
    static long attributes(ByteBuffer got) {
        ByteBuffer in = got.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < GET_BYTES) {
            throw new IllegalArgumentException("GET_DISK_ATTRIBUTES needs " + GET_BYTES + " bytes, got " + in.remaining());
        }
        return in.getLong(in.position() + 8);
    }
}

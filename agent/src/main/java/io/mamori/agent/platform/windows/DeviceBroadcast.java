package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The {@code lpEventData} of a {@code SERVICE_CONTROL_DEVICEEVENT}, read from its bytes rather
 * than through JNA structures, so that a buffer Windows (or anyone) got wrong is refused with a
 * reason instead of read past its end. Layouts from winuser.h/dbt.h as documented on
 * learn.microsoft.com ("DEV_BROADCAST_HDR", "DEV_BROADCAST_DEVICEINTERFACE_W",
 * "DEV_BROADCAST_HANDLE"); all fields little-endian.
 */
sealed interface DeviceBroadcast {

    /** DBT_DEVTYP_DEVICEINTERFACE (dbt.h). */
    int DEVTYP_DEVICEINTERFACE = 5;
    /** DBT_DEVTYP_HANDLE (dbt.h). */
    int DEVTYP_HANDLE = 6;
    /** sizeof(DEV_BROADCAST_HDR): dbch_size, dbch_devicetype, dbch_reserved, three DWORDs. */
    int HEADER_BYTES = 12;
    /** Offset of dbcc_name: the header, then a 16-byte GUID. */
    int INTERFACE_NAME_OFFSET = HEADER_BYTES + 16;
    /** No device event the agent registers for comes near this; a bigger dbch_size is not believed. */
    int MAX_BYTES = 64 * 1024;

    /** A device interface arrived or went: {@code dbcc_classguid} and {@code dbcc_name}. */
    record DeviceInterface(String classGuid, String name) implements DeviceBroadcast {
    }

    /**
     * An event on a handle registered with {@code DBT_DEVTYP_HANDLE}: which handle and which
     * registration ({@code dbch_hdevnotify}) it is for.
     */
    record Handle(long handle, long notification, String eventGuid) implements DeviceBroadcast {
    }

    /** A buffer that is not one the agent can read; {@code reason} says why, for the log. */
    record Rejected(String reason) implements DeviceBroadcast {
    }

    /**
     * Reads the broadcast in {@code data} (from its position; the buffer is not changed).
     *
     * @param pointerSize 8 on 64-bit Windows, 4 on 32-bit: HANDLE fields and the padding before them follow it
     */
    static DeviceBroadcast parse(ByteBuffer data, int pointerSize) {
        if (data == null) {
            return new Rejected("no event data");
        }
        ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < HEADER_BYTES) {
            return new Rejected("truncated: " + in.remaining() + " bytes, a DEV_BROADCAST_HDR needs " + HEADER_BYTES);
        }
        int size = in.getInt(0);
        int type = in.getInt(4);
        if (size < HEADER_BYTES || size > MAX_BYTES) {
            return new Rejected("dbch_size " + Integer.toUnsignedString(size) + " is outside " + HEADER_BYTES + ".." + MAX_BYTES);
        }
        if (size > in.remaining()) {
            return new Rejected("truncated: dbch_size says " + size + " bytes, " + in.remaining() + " arrived");
        }
        in.limit(size);
        return switch (type) {
            case DEVTYP_DEVICEINTERFACE -> deviceInterface(in);
            case DEVTYP_HANDLE -> handle(in, pointerSize);
            default -> new Rejected("device type " + type + " is neither DBT_DEVTYP_DEVICEINTERFACE (5) nor DBT_DEVTYP_HANDLE (6)");
        };
    }

    private static DeviceBroadcast deviceInterface(ByteBuffer in) {
        // dbcc_name is WCHAR[1] in the declaration: the smallest valid record holds one NUL character
        if (in.limit() < INTERFACE_NAME_OFFSET + 2) {
            return new Rejected("truncated: a DEV_BROADCAST_DEVICEINTERFACE_W of " + in.limit() + " bytes has no room for dbcc_name");
        }
        String guid = guid(in, HEADER_BYTES);
        StringBuilder name = new StringBuilder();
        for (int at = INTERFACE_NAME_OFFSET; at + 1 < in.limit(); at += 2) {
            char c = in.getChar(at);
            if (c == 0) {
                return new DeviceInterface(guid, name.toString());
            }
            name.append(c);
        }
        return new Rejected("dbcc_name is not NUL-terminated within dbcc_size (" + in.limit() + " bytes)");
    }

    private static DeviceBroadcast handle(ByteBuffer in, int pointerSize) {
        if (pointerSize != 4 && pointerSize != 8) {
            return new Rejected("pointer size " + pointerSize + " is neither 4 nor 8");
        }
        // HANDLE dbch_handle is aligned to the pointer size after the 12-byte header
        int handleAt = align(HEADER_BYTES, pointerSize);
        int notifyAt = handleAt + pointerSize;
        int guidAt = notifyAt + pointerSize;
        int nameOffsetAt = guidAt + 16;
        int minimum = nameOffsetAt + 4;
        if (in.limit() < minimum) {
            return new Rejected("truncated: a DEV_BROADCAST_HANDLE needs " + minimum + " bytes with " + pointerSize
                    + "-byte handles, dbch_size is " + in.limit());
        }
        return new Handle(pointer(in, handleAt, pointerSize), pointer(in, notifyAt, pointerSize), guid(in, guidAt));
    }

    private static int align(int offset, int to) {
        return (offset + to - 1) / to * to;
    }

    private static long pointer(ByteBuffer in, int at, int size) {
        return size == 8 ? in.getLong(at) : Integer.toUnsignedLong(in.getInt(at));
    }

    /** A GUID as {@code {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}, lower case: Data1..3 little-endian, Data4 as bytes. */
    static String guid(ByteBuffer in, int at) {
        StringBuilder text = new StringBuilder("{");
        text.append(String.format(Locale.ROOT, "%08x-%04x-%04x-", in.getInt(at), in.getShort(at + 4) & 0xffff, in.getShort(at + 6) & 0xffff));
        for (int i = 0; i < 8; i++) {
            if (i == 2) {
                text.append('-');
            }
            text.append(String.format(Locale.ROOT, "%02x", in.get(at + 8 + i) & 0xff));
        }
        return text.append('}').toString();
    }

    /** The {@code dwEventType} of a device event (dbt.h), by name; {@code OTHER} for the rest. */
    enum EventType {
        ARRIVAL(0x8000), QUERY_REMOVE(0x8001), QUERY_REMOVE_FAILED(0x8002), REMOVE_PENDING(0x8003),
        REMOVE_COMPLETE(0x8004), TYPE_SPECIFIC(0x8005), CUSTOM_EVENT(0x8006), OTHER(-1);

        final int code;

        EventType(int code) {
            this.code = code;
        }

        static EventType of(int code) {
            for (EventType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return OTHER;
        }
    }

    /** Text for a log line: at most {@code max} characters of something Windows handed in. */
    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}

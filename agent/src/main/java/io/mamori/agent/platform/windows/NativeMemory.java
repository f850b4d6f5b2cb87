package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Memory handed over by Windows (a structure behind a pointer), read by address. The JNA side
 * reads real memory ({@link JnaMemory}); tests read recorded bytes, so the parsing of each
 * structure runs here on Linux. Windows on x86-64 and ARM64 is little-endian with 8-byte pointers.
 */
interface NativeMemory {

    int readInt(long address);

    long readPointer(long address);

    byte[] readBytes(long address, int length);

    /** 8 on 64-bit Windows, 4 on 32-bit. */
    int pointerSize();

    /** A NUL-terminated UTF-16LE string (an {@code LPWSTR}); null for a null pointer. At most {@code maxChars}. */
    default String readWideString(long address, int maxChars) {
        if (address == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < maxChars; i++) {
            byte[] unit = readBytes(address + 2L * i, 2);
            char c = (char) ((unit[0] & 0xFF) | (unit[1] & 0xFF) << 8);
            if (c == 0) {
                break;
            }
            text.append(c);
        }
        return text.toString();
    }

    /** The text of a buffer WTSQuerySessionInformationW returned: UTF-16LE up to the first NUL. */
    static String wideString(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_16LE);
        int end = text.indexOf('\0');
        return end < 0 ? text : text.substring(0, end);
    }

    /** A little-endian view of bytes, for the structures read from them. */
    static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}

package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Recorded bytes standing in for Windows' memory: address {@code base + i} is byte {@code i}.
 * Structures are laid out as the documented C declarations put them on 64-bit (or 32-bit)
 * little-endian Windows, pointers included (they point into the same recording).
 */
final class RecordedMemory implements NativeMemory {

    /** Where a 64-bit recording starts: above 4 GiB, so a pointer cut to 32 bits would show. */
    static final long BASE = 0x1_0000_0000L;
    /** Where a 32-bit recording starts. */
    static final long BASE_32 = 0x0100_0000L;

    private final ByteBuffer bytes;
    private final int pointerSize;
    private final long base;

    RecordedMemory(byte[] bytes, int pointerSize) {
        this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.pointerSize = pointerSize;
        this.base = pointerSize == 8 ? BASE : BASE_32;
    }

    @Override
    public int readInt(long address) {
        return bytes.getInt(offset(address, 4));
    }

    @Override
    public long readPointer(long address) {
        return pointerSize == 8 ? bytes.getLong(offset(address, 8)) : Integer.toUnsignedLong(bytes.getInt(offset(address, 4)));
    }

    @Override
    public byte[] readBytes(long address, int length) {
        byte[] out = new byte[length];
        bytes.get(offset(address, length), out);
        return out;
    }

    @Override
    public int pointerSize() {
        return pointerSize;
    }

    private int offset(long address, int length) {
        long offset = address - base;
        if (offset < 0 || offset + length > bytes.capacity()) {
            throw new IndexOutOfBoundsException("address " + Long.toHexString(address) + " is outside the recording");
        }
        return (int) offset;
    }
}

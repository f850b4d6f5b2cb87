package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** {@link NativeMemory} over real addresses. Compiled only on this project's build machines (Linux). */
final class JnaMemory implements NativeMemory {

    static final JnaMemory INSTANCE = new JnaMemory();

    private JnaMemory() {
    }

    @Override
    public int readInt(long address) {
        return new Pointer(address).getInt(0);
    }

    @Override
    public long readPointer(long address) {
        return Pointer.nativeValue(new Pointer(address).getPointer(0));
    }

    @Override
    public byte[] readBytes(long address, int length) {
        return new Pointer(address).getByteArray(0, length);
    }

    @Override
    public int pointerSize() {
        return Native.POINTER_SIZE;
    }
}

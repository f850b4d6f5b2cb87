package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winioctl;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link VolumeNative} through jna-platform's Kernel32. Compiled here, never run: no Windows
 * machine was at hand (docs/windows-adapters.md).
 */
final class JnaVolumes implements VolumeNative {

    @Override
    public List<String> driveRoots() throws IOException {
        char[] buffer = new char[26 * 4 + 1];
        int length = Kernel32.INSTANCE.GetLogicalDriveStrings(new WinDef.DWORD(buffer.length), buffer).intValue();
        if (length == 0 || length > buffer.length) {
            throw Win32Failure.of("GetLogicalDriveStrings");
        }
        return multiString(buffer, length);
    }

    @Override
    public int driveType(String root) {
        return Kernel32.INSTANCE.GetDriveType(root);
    }

    @Override
    public Optional<String> volumeGuidPath(String mountPoint) {
        char[] buffer = new char[WinDef.MAX_PATH];
        return Kernel32.INSTANCE.GetVolumeNameForVolumeMountPoint(mountPoint, buffer, buffer.length)
                ? Optional.of(Native.toString(buffer))
                : Optional.empty();
    }

    @Override
    public List<String> pathNames(String volumeGuidPath) throws IOException {
        char[] buffer = new char[1024];
        IntByReference needed = new IntByReference();
        if (!Kernel32.INSTANCE.GetVolumePathNamesForVolumeName(volumeGuidPath, buffer, buffer.length, needed)) {
            if (Native.getLastError() != WinError.ERROR_MORE_DATA) {
                throw Win32Failure.of("GetVolumePathNamesForVolumeName");
            }
            buffer = new char[needed.getValue()];
            if (!Kernel32.INSTANCE.GetVolumePathNamesForVolumeName(volumeGuidPath, buffer, buffer.length, needed)) {
                throw Win32Failure.of("GetVolumePathNamesForVolumeName");
            }
        }
        return multiString(buffer, buffer.length);
    }

    @Override
    public VolumeInformation information(String root) throws IOException {
        char[] label = new char[WinDef.MAX_PATH + 1];
        char[] fs = new char[WinDef.MAX_PATH + 1];
        IntByReference serial = new IntByReference();
        IntByReference maxComponent = new IntByReference();
        IntByReference flags = new IntByReference();
        if (!Kernel32.INSTANCE.GetVolumeInformation(root, label, label.length, serial, maxComponent, flags, fs, fs.length)) {
            throw Win32Failure.of("GetVolumeInformation");
        }
        return new VolumeInformation(Native.toString(fs), Native.toString(label), serial.getValue(), flags.getValue());
    }

    @Override
    public OptionalInt diskNumber(String root) {
        // \\.\E: — the volume itself, opened with no access: enough for IOCTL_STORAGE_GET_DEVICE_NUMBER
        return deviceNumber("\\\\.\\" + root.substring(0, 2));
    }

    /** IOCTL_STORAGE_GET_DEVICE_NUMBER on any device path (a volume, a disk interface). */
    static OptionalInt deviceNumber(String devicePath) {
        WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(devicePath, 0, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (WinNT.INVALID_HANDLE_VALUE.equals(handle)) {
            return OptionalInt.empty();
        }
        try {
            Winioctl.STORAGE_DEVICE_NUMBER number = new Winioctl.STORAGE_DEVICE_NUMBER();
            IntByReference returned = new IntByReference();
            if (!Kernel32.INSTANCE.DeviceIoControl(handle, Winioctl.IOCTL_STORAGE_GET_DEVICE_NUMBER, null, 0, number.getPointer(), number.size(),
                    returned, null)) {
                return OptionalInt.empty();
            }
            number.read();
            return OptionalInt.of(number.DeviceNumber);
        } finally {
            Kernel32.INSTANCE.CloseHandle(handle);
        }
    }

    @Override
    public long totalBytes(String root) {
        WinNT.LARGE_INTEGER free = new WinNT.LARGE_INTEGER();
        WinNT.LARGE_INTEGER total = new WinNT.LARGE_INTEGER();
        WinNT.LARGE_INTEGER totalFree = new WinNT.LARGE_INTEGER();
        return Kernel32.INSTANCE.GetDiskFreeSpaceEx(root, free, total, totalFree) ? Math.max(0, total.getValue()) : 0;
    }

    /** The strings of a REG_MULTI_SZ-like buffer: NUL-separated, ended by an empty one. */
    static List<String> multiString(char[] buffer, int length) {
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < Math.min(length, buffer.length); i++) {
            if (buffer[i] == 0) {
                if (i == start) {
                    break;
                }
                strings.add(new String(buffer, start, i - start));
                start = i + 1;
            }
        }
        return strings;
    }
}

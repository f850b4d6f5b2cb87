package io.mamori.agent.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Cfgmgr32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * {@link DiskControl} through DeviceIoControl, CM_Request_Device_Eject and the registry.
 * Compiled here, never run: no Windows machine was at hand (docs/windows-adapters.md).
 */
final class JnaDiskControl implements DiskControl {

    static final String POLICY_KEY = "Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices\\"
            + "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}";
    static final String DENY_WRITE = "Deny_Write";

    private final JnaDeviceTree tree = new JnaDeviceTree();

    @Override
    public void setDiskReadOnly(int diskNumber, boolean readOnly) throws IOException {
        setAttributes(diskNumber, DiskAttributes.DISK_ATTRIBUTE_READ_ONLY, readOnly);
    }

    @Override
    public boolean diskReadOnly(int diskNumber) throws IOException {
        WinNT.HANDLE disk = open("\\\\.\\PhysicalDrive" + diskNumber, WinNT.GENERIC_READ);
        try {
            Memory out = new Memory(DiskAttributes.GET_BYTES);
            out.clear();
            control(disk, DiskAttributes.IOCTL_DISK_GET_DISK_ATTRIBUTES, null, out, "IOCTL_DISK_GET_DISK_ATTRIBUTES");
            long attributes = DiskAttributes.attributes(out.getByteBuffer(0, DiskAttributes.GET_BYTES));
            return (attributes & DiskAttributes.DISK_ATTRIBUTE_READ_ONLY) != 0;
        } finally {
            Kernel32.INSTANCE.CloseHandle(disk);
        }
    }

    @Override
    public void lockAndDismount(String volumeGuidPath) throws IOException {
        String path = volumeGuidPath.endsWith("\\") ? volumeGuidPath.substring(0, volumeGuidPath.length() - 1) : volumeGuidPath;
        WinNT.HANDLE volume = open(path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE);
        try {
            control(volume, DiskAttributes.FSCTL_LOCK_VOLUME, null, null, "FSCTL_LOCK_VOLUME");
            control(volume, DiskAttributes.FSCTL_DISMOUNT_VOLUME, null, null, "FSCTL_DISMOUNT_VOLUME");
        } finally {
            Kernel32.INSTANCE.CloseHandle(volume); // also lets go of the lock
        }
    }

    @Override
    public void eject(int diskNumber) throws IOException {
        OptionalInt disk = tree.diskDevInst(diskNumber);
        if (disk.isEmpty()) {
            throw new IOException("no present disk has number " + diskNumber);
        }
        // the USB device above the disk is what "Safely Remove Hardware" ejects
        IntByReference parent = new IntByReference();
        int target = Cfgmgr32.INSTANCE.CM_Get_Parent(parent, disk.getAsInt(), 0) == Cfgmgr32.CR_SUCCESS
                ? parent.getValue() : disk.getAsInt();
        IntByReference vetoType = new IntByReference();
        char[] vetoName = new char[com.sun.jna.platform.win32.WinDef.MAX_PATH];
        int result = Win32Extras.Cfgmgr32Eject.INSTANCE.CM_Request_Device_EjectW(target, vetoType, vetoName, vetoName.length, 0);
        if (result != Cfgmgr32.CR_SUCCESS || vetoType.getValue() != 0) {
            throw new IOException("CM_Request_Device_Eject returned " + result + ", veto type " + vetoType.getValue()
                    + " (PNP_VETO_TYPE)" + (vetoType.getValue() != 0 ? " by " + DeviceBroadcast.clip(Native.toString(vetoName), 80) : ""));
        }
    }

    @Override
    public void setDiskOffline(int diskNumber) throws IOException {
        setAttributes(diskNumber, DiskAttributes.DISK_ATTRIBUTE_OFFLINE, true);
    }

    @Override
    public Integer policyDenyWrite() throws IOException {
        try {
            return Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY, DENY_WRITE)
                    ? Advapi32Util.registryGetIntValue(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY, DENY_WRITE)
                    : null;
        } catch (Win32Exception e) {
            throw new IOException("reading HKLM\\" + POLICY_KEY + "\\" + DENY_WRITE + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void setPolicyDenyWrite(boolean deny) throws IOException {
        try {
            if (deny) {
                Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY);
                Advapi32Util.registrySetIntValue(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY, DENY_WRITE, 1);
            } else if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY, DENY_WRITE)) {
                Advapi32Util.registryDeleteValue(WinReg.HKEY_LOCAL_MACHINE, POLICY_KEY, DENY_WRITE);
            }
        } catch (Win32Exception e) {
            throw new IOException("writing HKLM\\" + POLICY_KEY + "\\" + DENY_WRITE + " failed: " + e.getMessage(), e);
        }
    }

    private void setAttributes(int diskNumber, long mask, boolean on) throws IOException {
        WinNT.HANDLE disk = open("\\\\.\\PhysicalDrive" + diskNumber, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE);
        try {
            ByteBuffer request = DiskAttributes.set(mask, on);
            Memory in = new Memory(DiskAttributes.SET_BYTES);
            in.write(0, request.array(), 0, DiskAttributes.SET_BYTES);
            control(disk, DiskAttributes.IOCTL_DISK_SET_DISK_ATTRIBUTES, in, null, "IOCTL_DISK_SET_DISK_ATTRIBUTES");
        } finally {
            Kernel32.INSTANCE.CloseHandle(disk);
        }
    }

    private static WinNT.HANDLE open(String path, int access) throws IOException {
        WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(path, access, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (WinNT.INVALID_HANDLE_VALUE.equals(handle)) {
            throw Win32Failure.of("CreateFile(" + DeviceBroadcast.clip(path, 60) + ")");
        }
        return handle;
    }

    private static void control(WinNT.HANDLE handle, int code, Memory in, Memory out, String name) throws IOException {
        IntByReference returned = new IntByReference();
        if (!Kernel32.INSTANCE.DeviceIoControl(handle, code, in, in == null ? 0 : (int) in.size(), out,
                out == null ? 0 : (int) out.size(), returned, null)) {
            throw Win32Failure.of(name);
        }
    }
}

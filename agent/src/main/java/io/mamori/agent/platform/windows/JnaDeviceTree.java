package io.mamori.agent.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Cfgmgr32;
import com.sun.jna.platform.win32.Cfgmgr32Util;
import com.sun.jna.platform.win32.SetupApi;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@link DeviceTree} through jna-platform's SetupApi and Cfgmgr32: the disk interfaces present,
 * each asked its device number, and from the one that matches CM_Get_Parent up to the root.
 * Compiled here, never run: no Windows machine was at hand (docs/windows-adapters.md).
 */
final class JnaDeviceTree implements DeviceTree {

    /** A device tree is not this deep; the bound only guards the walk. */
    private static final int MAX_DEPTH = 32;

    @Override
    public List<String> diskAndAncestors(int diskNumber) throws IOException {
        OptionalInt devInst = diskDevInst(diskNumber);
        if (devInst.isEmpty()) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        int node = devInst.getAsInt();
        IntByReference parent = new IntByReference();
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            try {
                chain.add(Cfgmgr32Util.CM_Get_Device_ID(node));
            } catch (Cfgmgr32Util.Cfgmgr32Exception e) {
                throw new IOException("CM_Get_Device_ID failed at depth " + depth + ": " + e.getMessage(), e);
            }
            if (Cfgmgr32.INSTANCE.CM_Get_Parent(parent, node, 0) != Cfgmgr32.CR_SUCCESS) {
                break;
            }
            node = parent.getValue();
        }
        return chain;
    }

    /** The device node of the present disk whose IOCTL_STORAGE_GET_DEVICE_NUMBER is {@code diskNumber}. */
    OptionalInt diskDevInst(int diskNumber) throws IOException {
        SetupApi setup = SetupApi.INSTANCE;
        WinNT.HANDLE set = setup.SetupDiGetClassDevs(SetupApi.GUID_DEVINTERFACE_DISK, null, null,
                SetupApi.DIGCF_PRESENT | SetupApi.DIGCF_DEVICEINTERFACE);
        if (WinNT.INVALID_HANDLE_VALUE.equals(set)) {
            throw Win32Failure.of("SetupDiGetClassDevs(GUID_DEVINTERFACE_DISK)");
        }
        try {
            for (int index = 0; ; index++) {
                SetupApi.SP_DEVICE_INTERFACE_DATA data = new SetupApi.SP_DEVICE_INTERFACE_DATA();
                if (!setup.SetupDiEnumDeviceInterfaces(set, null, SetupApi.GUID_DEVINTERFACE_DISK, index, data)) {
                    return OptionalInt.empty(); // ERROR_NO_MORE_ITEMS
                }
                IntByReference required = new IntByReference();
                setup.SetupDiGetDeviceInterfaceDetail(set, data, null, 0, required, null); // fails, tells the size
                if (required.getValue() <= 4) {
                    continue;
                }
                Memory detail = new Memory(required.getValue());
                // cbSize of SP_DEVICE_INTERFACE_DETAIL_DATA_W: 8 on 64-bit, 6 on 32-bit (DWORD + one WCHAR, packed)
                detail.setInt(0, Native.POINTER_SIZE == 8 ? 8 : 6);
                SetupApi.SP_DEVINFO_DATA info = new SetupApi.SP_DEVINFO_DATA();
                if (!setup.SetupDiGetDeviceInterfaceDetail(set, data, detail, required.getValue(), null, info)) {
                    continue;
                }
                OptionalInt number = JnaVolumes.deviceNumber(detail.getWideString(4));
                if (number.isPresent() && number.getAsInt() == diskNumber) {
                    return OptionalInt.of(info.DevInst);
                }
            }
        } finally {
            setup.SetupDiDestroyDeviceInfoList(set);
        }
    }
}

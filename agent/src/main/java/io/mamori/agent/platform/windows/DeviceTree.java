package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.util.List;

/**
 * The device tree above a disk: SetupDi over GUID_DEVINTERFACE_DISK finds the disk whose
 * IOCTL_STORAGE_GET_DEVICE_NUMBER is N, then CM_Get_Parent/CM_Get_Device_ID walk up. Not walked
 * from the volume's node: a volume may hang off the volume manager rather than its disk
 * (PLATFORMS.md §1). {@link JnaDeviceTree} is the implementation on Windows.
 */
interface DeviceTree {

    /** Instance ids of disk N and its ancestors, the disk first; empty when no disk has that number. */
    List<String> diskAndAncestors(int diskNumber) throws IOException;
}

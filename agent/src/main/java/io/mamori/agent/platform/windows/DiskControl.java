package io.mamori.agent.platform.windows;

import java.io.IOException;

/**
 * The Windows calls that enforce on a disk, one method each; every failure is an IOException
 * whose message says which call failed and how. {@link JnaDiskControl} is the implementation on
 * Windows.
 */
interface DiskControl {

    /**
     * IOCTL_DISK_SET_DISK_ATTRIBUTES with DISK_ATTRIBUTE_READ_ONLY on {@code \\.\PhysicalDriveN}, not
     * persisted (it lasts while the device is attached).
     */
    void setDiskReadOnly(int diskNumber, boolean readOnly) throws IOException;

    /** IOCTL_DISK_GET_DISK_ATTRIBUTES: whether the disk's read-only attribute is set now. */
    boolean diskReadOnly(int diskNumber) throws IOException;

    /**
     * FSCTL_LOCK_VOLUME then FSCTL_DISMOUNT_VOLUME on the volume, then its handle closed: the next
     * access mounts it again, and sees the disk as it is now. The lock fails while any file on the
     * volume is open.
     */
    void lockAndDismount(String volumeGuidPath) throws IOException;

    /** CM_Request_Device_Eject on the disk's device node; Windows or a program may veto it. */
    void eject(int diskNumber) throws IOException;

    /** IOCTL_DISK_SET_DISK_ATTRIBUTES with DISK_ATTRIBUTE_OFFLINE, not persisted. */
    void setDiskOffline(int diskNumber) throws IOException;

    /**
     * The class-wide Removable Storage Access policy for disks:
     * {@code HKLM\Software\Policies\Microsoft\Windows\RemovableStorageDevices\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}},
     * DWORD {@code Deny_Write}; null when the value is not there.
     */
    Integer policyDenyWrite() throws IOException;

    /** Sets {@code Deny_Write} to 1, or deletes it. */
    void setPolicyDenyWrite(boolean deny) throws IOException;
}

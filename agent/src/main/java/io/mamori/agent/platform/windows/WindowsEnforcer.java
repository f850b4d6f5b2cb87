package io.mamori.agent.platform.windows;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-level enforcement on Windows without a driver (PLATFORMS.md §3). Read-only: the disk's
 * read-only attribute (IOCTL_DISK_SET_DISK_ATTRIBUTES, the only per-device switch; not yet tried on
 * a USB stick), read back, then the volume locked and dismounted so that it mounts again read-only.
 * Where the per-disk switch fails, the class-wide Removable Storage Access policy
 * ({@code Deny_Write}) is set as the documented fallback — but Windows documents that it may take a
 * reboot and this build assumes already-mounted volumes are unaffected, so the call still fails and
 * says so: a volume is never reported read-only when the calls that make it so failed. Deny: lock,
 * dismount, then eject the device, else take the disk offline.
 */
final class WindowsEnforcer implements Enforcer {

    private static final Logger LOG = LoggerFactory.getLogger(WindowsEnforcer.class);
    private static final Pattern PHYSICAL_DRIVE = Pattern.compile("\\\\\\\\\\.\\\\PhysicalDrive(\\d{1,3})", Pattern.CASE_INSENSITIVE);
    static final String POLICY_LIMIT = "Windows documents that the Removable Storage Access policy may take effect only after a "
            + "restart and does not change volumes already mounted";

    private final DiskControl disks;
    /** Volumes (GUID paths) this enforcer set Deny_Write for; cleared with the last of them, if it was ours to clear. */
    private final Set<String> policyHolders = new HashSet<>();
    private boolean policyWasOurs;

    WindowsEnforcer(DiskControl disks) {
        this.disks = disks;
    }

    @Override
    public synchronized void readOnly(Volume volume) throws IOException {
        String where = describe(volume);
        OptionalInt disk = diskNumber(volume);
        IOException perDisk;
        if (disk.isEmpty()) {
            perDisk = new IOException("its disk number is unknown (source " + volume.mount().source() + ")");
        } else {
            try {
                disks.setDiskReadOnly(disk.getAsInt(), true);
                if (!disks.diskReadOnly(disk.getAsInt())) {
                    throw new IOException("the disk's read-only attribute was set but reads back as cleared");
                }
                perDisk = null;
            } catch (IOException e) {
                perDisk = e;
            }
        }
        if (perDisk == null) {
            try {
                disks.lockAndDismount(volume.mount().device());
            } catch (IOException e) {
                throw new IOException(where + ": disk " + disk.getAsInt() + " is write-protected, but the mounted volume could not "
                        + "be locked to remount it read-only, so it may still accept writes (" + e.getMessage()
                        + "; a program probably holds a file open on it)", e);
            }
            LOG.info("{} is read-only now (disk {} write-protected, volume remounted)", where, disk.getAsInt());
            return;
        }
        LOG.warn("{}: the per-disk read-only switch failed ({}); setting the class-wide Deny_Write policy instead",
                where, perDisk.getMessage());
        try {
            Integer before = disks.policyDenyWrite();
            if (before == null || before == 0) {
                disks.setPolicyDenyWrite(true);
                policyWasOurs = true; // an administrator's own Deny_Write is never removed by the agent
            }
            policyHolders.add(volume.mount().device());
        } catch (IOException e) {
            throw new IOException(where + " is not read-only: the per-disk switch failed (" + perDisk.getMessage()
                    + ") and the Deny_Write policy could not be set either (" + e.getMessage() + ")", e);
        }
        throw new IOException(where + " is not read-only now: the per-disk switch failed (" + perDisk.getMessage()
                + "); the class-wide Deny_Write policy is set instead, but " + POLICY_LIMIT, perDisk);
    }

    /**
     * The disk's read-only attribute cleared and read back, then the volume locked and dismounted so
     * that Windows mounts it again writable. A Deny_Write policy this enforcer set for the volume
     * goes with the last volume that needed it (an administrator's own is never removed).
     */
    @Override
    public synchronized void writable(Volume volume) throws IOException {
        String where = describe(volume);
        releasePolicyHold(volume);
        OptionalInt disk = diskNumber(volume);
        if (disk.isEmpty()) {
            throw new IOException(where + ": its disk number is unknown (source " + volume.mount().source()
                    + "), so its read-only attribute cannot be cleared");
        }
        disks.setDiskReadOnly(disk.getAsInt(), false);
        if (disks.diskReadOnly(disk.getAsInt())) {
            throw new IOException(where + ": the disk's read-only attribute was cleared but reads back as set");
        }
        try {
            disks.lockAndDismount(volume.mount().device());
        } catch (IOException e) {
            throw new IOException(where + ": disk " + disk.getAsInt() + " is writable, but the mounted volume could not be "
                    + "locked to remount it, so it stays read-only until it is plugged in again (" + e.getMessage()
                    + "; a program probably holds a file open on it)", e);
        }
        LOG.info("{} is writable again (disk {} read-only attribute cleared, volume remounted)", where, disk.getAsInt());
    }

    @Override
    public synchronized void deny(Volume volume) throws IOException {
        String where = describe(volume);
        try {
            disks.lockAndDismount(volume.mount().device());
        } catch (IOException e) {
            throw new IOException(where + " is still in use: its volume could not be locked and dismounted (" + e.getMessage()
                    + "; a program probably holds a file open on it)", e);
        }
        OptionalInt disk = diskNumber(volume);
        if (disk.isEmpty()) {
            throw new IOException(where + " was dismounted, but its disk number is unknown, so it could be neither ejected nor "
                    + "taken offline; Windows may mount it again");
        }
        try {
            disks.eject(disk.getAsInt());
            LOG.info("{} is dismounted and ejected", where);
            return;
        } catch (IOException vetoed) {
            LOG.warn("{}: eject refused ({}); taking disk {} offline instead", where, vetoed.getMessage(), disk.getAsInt());
            try {
                disks.setDiskOffline(disk.getAsInt());
            } catch (IOException e) {
                throw new IOException(where + " was dismounted, but neither ejected (" + vetoed.getMessage()
                        + ") nor taken offline (" + e.getMessage() + "); Windows may mount it again", e);
            }
        }
        LOG.info("{} is dismounted and its disk offline", where);
    }

    /**
     * The volume is gone: its disk's read-only attribute is cleared (if the disk is still there, as a
     * card reader stays when its card is taken out), and the Deny_Write policy this enforcer set is
     * removed with the last volume that needed it.
     */
    @Override
    public synchronized void released(Volume volume) {
        OptionalInt disk = diskNumber(volume);
        if (disk.isPresent()) {
            try {
                disks.setDiskReadOnly(disk.getAsInt(), false);
            } catch (IOException e) {
                LOG.info("the read-only attribute of disk {} was not cleared ({}); a removed disk forgets it", disk.getAsInt(),
                        e.getMessage());
            }
        }
        releasePolicyHold(volume);
    }

    /** The volume no longer needs the Deny_Write policy: removed with the last one that did, if this enforcer set it. */
    private void releasePolicyHold(Volume volume) {
        if (policyHolders.remove(volume.mount().device()) && policyHolders.isEmpty() && policyWasOurs) {
            try {
                disks.setPolicyDenyWrite(false);
                policyWasOurs = false;
            } catch (IOException e) {
                LOG.warn("could not remove the Deny_Write policy this agent set: {}", e.getMessage());
            }
        }
    }

    /** N of the mount's {@code \\.\PhysicalDriveN}. */
    static OptionalInt diskNumber(Volume volume) {
        String source = volume.mount().source();
        if (source == null) {
            return OptionalInt.empty();
        }
        Matcher m = PHYSICAL_DRIVE.matcher(source);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static String describe(Volume volume) {
        return volume.mount().mountPoint() + " (" + volume.identity().shortName() + ")";
    }
}

package io.mamori.agent.platform.windows;

import io.mamori.agent.media.Mount;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The removable volumes Windows has mounted on drive letters now, as {@link Volume}s: drives that
 * GetDriveType calls removable, and fixed drives whose disk hangs off USB (external USB disks
 * report DRIVE_FIXED). A Windows volume maps onto {@link Mount} as: mountId a number this process
 * gives each volume GUID, device the volume GUID path, mountPoint the drive root, options
 * {@code rw} or {@code ro} (FILE_READ_ONLY_VOLUME), fsType from GetVolumeInformation, source
 * {@code \\.\PhysicalDriveN}.
 */
final class RemovableVolumes {

    private static final Logger LOG = LoggerFactory.getLogger(RemovableVolumes.class);
    private static final Pattern DRIVE_ROOT = Pattern.compile("[A-Za-z]:\\\\");

    private final VolumeNative volumes;
    private final DeviceTree tree;
    private final Function<String, Path> rootPath;
    private final Map<String, Integer> mountIds = new ConcurrentHashMap<>();
    private final AtomicInteger nextMountId = new AtomicInteger(1);

    /**
     * @param rootPath turns a drive root ({@code E:\}) into a Path; {@code Path::of} on Windows
     */
    RemovableVolumes(VolumeNative volumes, DeviceTree tree, Function<String, Path> rootPath) {
        this.volumes = volumes;
        this.tree = tree;
        this.rootPath = rootPath;
    }

    /** Every removable volume on a drive letter, keyed by nothing: the caller compares by {@code mount().device()}. */
    List<Volume> scan() throws IOException {
        List<Volume> found = new ArrayList<>();
        for (String root : volumes.driveRoots()) {
            if (!DRIVE_ROOT.matcher(root).matches()) {
                continue;
            }
            describe(root).ifPresent(found::add);
        }
        return found;
    }

    /** The drive root of a volume ({@code E:\}), empty while it has no letter. */
    Optional<String> letterOf(String volumeGuidPath) throws IOException {
        for (String path : volumes.pathNames(volumeGuidPath)) {
            if (DRIVE_ROOT.matcher(path).matches()) {
                return Optional.of(path.toUpperCase(java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** The volume GUID path of a device-interface name from a DBT_DEVICEARRIVAL. */
    Optional<String> volumeOfInterface(String interfaceName) {
        return volumes.volumeGuidPath(interfaceName.endsWith("\\") ? interfaceName : interfaceName + "\\");
    }

    /** The volume on {@code root} if it is a removable one. */
    Optional<Volume> describe(String root) {
        int type = volumes.driveType(root);
        if (type != VolumeNative.DRIVE_REMOVABLE && type != VolumeNative.DRIVE_FIXED) {
            return Optional.empty();
        }
        Optional<String> guid = volumes.volumeGuidPath(root);
        if (guid.isEmpty()) {
            if (type == VolumeNative.DRIVE_REMOVABLE) {
                LOG.warn("removable drive {} has no volume GUID path; it is not watched until the next device event", root);
            }
            return Optional.empty();
        }
        OptionalInt disk = volumes.diskNumber(root);
        List<String> chain = List.of();
        if (disk.isPresent()) {
            try {
                chain = tree.diskAndAncestors(disk.getAsInt());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot walk the device tree above disk {} of {}: {}", disk.getAsInt(), root, e.getMessage());
            }
        } else {
            LOG.warn("cannot read the disk number of {}; its device identity stays unknown", root);
        }
        boolean usb = DeviceChain.onUsb(chain);
        if (type == VolumeNative.DRIVE_FIXED && !usb) {
            return Optional.empty(); // an internal disk (or one whose bus could not be read: logged above)
        }
        String fsType = "unknown";
        String label = null;
        String fsUuid = null;
        boolean readOnly = false;
        try {
            VolumeNative.VolumeInformation info = volumes.information(root);
            fsType = info.fsName().isEmpty() ? "unknown" : info.fsName();
            label = info.label().isEmpty() ? null : DeviceBroadcast.clip(info.label(), 128);
            fsUuid = info.serialText();
            readOnly = info.readOnly();
        } catch (IOException | RuntimeException e) {
            // still reported: what cannot be read is watched and decided on, never let through unseen
            LOG.warn("cannot read the file system of {} ({}); reported with an unknown file system", root, e.getMessage());
        }
        DeviceIdentity identity = chain.isEmpty()
                ? new DeviceIdentity(DeviceClass.OTHER_REMOVABLE, null, null, null, null, null, fsUuid, label, volumes.totalBytes(root))
                : DeviceChain.identify(chain, fsUuid, label, volumes.totalBytes(root));
        Mount mount = new Mount(mountId(guid.get()), guid.get(), rootPath.apply(root.toUpperCase(java.util.Locale.ROOT)),
                List.of(readOnly ? "ro" : "rw"), fsType, disk.isPresent() ? "\\\\.\\PhysicalDrive" + disk.getAsInt() : null);
        return Optional.of(new Volume(mount, identity));
    }

    /** The same number for the same volume GUID for as long as the agent runs. */
    int mountId(String volumeGuidPath) {
        return mountIds.computeIfAbsent(volumeGuidPath.toLowerCase(java.util.Locale.ROOT), g -> nextMountId.getAndIncrement());
    }
}

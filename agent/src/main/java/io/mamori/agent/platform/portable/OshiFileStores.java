package io.mamori.agent.platform.portable;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * The local file stores through OSHI: {@code /proc/self/mounts} and statvfs on Linux, the volume
 * API and {@code Win32_LogicalDisk} on Windows, getfsstat and DiskArbitration on macOS. OSHI leaves
 * out network and pseudo file systems (its {@code oshi.properties}).
 */
final class OshiFileStores implements FileStores {

    /** Made at the first listing: where this is only the fall-back, OSHI is never loaded. */
    private FileSystem fileSystem;

    @Override
    public synchronized List<MountedStore> now() throws IOException {
        List<OSFileStore> stores;
        try {
            if (fileSystem == null) {
                fileSystem = new SystemInfo().getOperatingSystem().getFileSystem();
            }
            stores = fileSystem.getFileStores(true);
        } catch (RuntimeException | LinkageError e) { // LinkageError: OSHI's native part for this OS cannot load
            throw new IOException("the mounted file systems cannot be listed: " + e, e);
        }
        List<MountedStore> found = new ArrayList<>(stores.size());
        for (OSFileStore store : stores) {
            String mount = store.getMount();
            if (mount == null || mount.isEmpty()) {
                continue; // a volume without a mount point (a Windows volume with no letter yet) holds no files to watch
            }
            Path mountPoint;
            try {
                mountPoint = Path.of(mount);
            } catch (InvalidPathException e) {
                continue;
            }
            String options = store.getOptions() == null ? "" : store.getOptions();
            found.add(new MountedStore(store.getVolume(), mountPoint, store.getType(),
                    Arrays.stream(options.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList(),
                    blankToNull(store.getUUID()), blankToNull(store.getLabel()), store.getDescription(),
                    Math.max(0, store.getTotalSpace())));
        }
        return found;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

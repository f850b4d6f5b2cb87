package io.mamori.agent.platform.portable;

import com.sun.nio.file.ExtendedWatchEventModifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Registers directories with the JDK's watch service: with {@code FILE_TREE} (the whole tree in one
 * registration, {@code bWatchSubtree} of {@code ReadDirectoryChangesW}) where the JDK supports it —
 * on Windows only — and one directory at a time elsewhere.
 */
final class WatchRegistrations {

    private static final WatchEvent.Kind<?>[] KINDS = {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE};

    private WatchRegistrations() {
    }

    static WatchKey register(WatchService service, Path dir, boolean tree) throws IOException {
        return tree ? dir.register(service, KINDS, ExtendedWatchEventModifier.FILE_TREE) : dir.register(service, KINDS);
    }

    /**
     * Whether this JDK registers whole trees: tried once on a temporary directory, since the JDK
     * says so only by refusing ({@link UnsupportedOperationException}).
     */
    static boolean fileTreeSupported(WatchService service) {
        Path probe = null;
        try {
            probe = Files.createTempDirectory("mamori-watch-probe");
            WatchKey key = probe.register(service, KINDS, ExtendedWatchEventModifier.FILE_TREE);
            key.cancel();
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // a left empty temporary directory
                }
            }
        }
    }
}

package io.mamori.agent.platform.linux;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each volume with fanotify when it can, because fanotify names the writing process, and
 * with inotify otherwise: when fanotify cannot start (the agent lacks CAP_SYS_ADMIN) or refuses a
 * mount's mark. inotify starts only when a volume needs it.
 */
final class FallbackFileActivity implements FileActivity {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackFileActivity.class);

    /** Starts the inotify watcher; a seam for tests. */
    interface InotifyStarter {
        FileActivity start() throws IOException;
    }

    private final FileActivity fanotify;
    private final InotifyStarter inotifyStarter;
    private final Map<Path, FileActivity> watching = new HashMap<>();
    private FileActivity inotify;

    /** @param fanotify the fanotify watcher, or null when it could not start */
    FallbackFileActivity(FileActivity fanotify, InotifyStarter inotifyStarter) {
        this.fanotify = fanotify;
        this.inotifyStarter = inotifyStarter;
    }

    static FallbackFileActivity start(Listener listener, Clock clock) {
        FileActivity fanotify = null;
        try {
            fanotify = LinuxFileActivity.start(listener, clock);
        } catch (IOException e) {
            LOG.info("{}: inotify watches every volume, without naming the writing process", e.getMessage());
        }
        return new FallbackFileActivity(fanotify, () -> InotifyFileActivity.start(listener, clock));
    }

    @Override
    public synchronized void watch(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        if (watching.containsKey(mountPoint)) {
            return;
        }
        if (fanotify != null) {
            try {
                fanotify.watch(volume);
                watching.put(mountPoint, fanotify);
                LOG.info("fanotify watches {} ({})", mountPoint, volume.mount().fsType());
                return;
            } catch (IOException e) {
                LOG.info("{}: inotify watches it instead", e.getMessage());
            }
        }
        if (inotify == null) {
            inotify = inotifyStarter.start();
        }
        inotify.watch(volume);
        watching.put(mountPoint, inotify);
        LOG.info("inotify watches {} ({})", mountPoint, volume.mount().fsType());
    }

    @Override
    public synchronized void unwatch(Volume volume) {
        FileActivity activity = watching.remove(volume.mount().mountPoint());
        if (activity != null) {
            activity.unwatch(volume);
        }
    }

    @Override
    public synchronized void close() {
        if (fanotify != null) {
            fanotify.close();
        }
        if (inotify != null) {
            inotify.close();
        }
    }
}

package io.mamori.agent.platform.macos;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-level enforcement on macOS without Endpoint Security. Read-only: the volume unmounted and
 * mounted again with {@code rdonly}, as Santa's {@code RemountUSBMode} does
 * ({@code DADiskUnmount}, {@code DADiskMountWithArguments}); deny: unmounted and the whole disk
 * ejected. Each step goes through {@code primary} (DiskArbitration) and, where it fails, is tried
 * once more through {@code fallback} ({@code diskutil}). A step that fails both ways fails the call
 * with both reasons: a volume is never reported read-only or gone when the calls failed, and the
 * caller then quarantines every file written to it.
 *
 * <p>Limits (PLATFORMS.md §8, §10): nothing here refuses a write before it happens — only the
 * mount-approval callback and a read-only mount act before; an unmount fails while a program holds
 * a file open on the volume; a user with administrator rights can mount the volume writable again
 * (the media monitor then reports it remounted, and the guard enforces again); mounts that do not
 * go through diskarbitrationd are not seen by the approval callback.
 */
final class MacEnforcer implements Enforcer {

    private static final Logger LOG = LoggerFactory.getLogger(MacEnforcer.class);
    static final List<String> READ_ONLY = List.of("rdonly");

    private final DiskControl primary;
    private final DiskControl fallback;

    MacEnforcer(DiskControl primary, DiskControl fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    private interface Step {
        void run(DiskControl disks) throws IOException;
    }

    @Override
    public synchronized void readOnly(Volume volume) throws IOException {
        String bsd = bsdName(volume);
        String where = describe(volume, bsd);
        if (volume.mount().readOnly()) {
            // already mounted read-only (or the medium is): unmounting again gains nothing and may be refused
            LOG.info("{} is mounted read-only already: left as it is", where);
            return;
        }
        step(where, "unmount it", disks -> disks.unmount(bsd),
                "it is still mounted writable (a program probably holds a file open on it)");
        step(where, "mount it read-only", disks -> disks.mount(bsd, READ_ONLY),
                "it is unmounted now, not mounted again read-only");
        LOG.info("{} is read-only now (unmounted and mounted again with rdonly)", where);
    }

    /** Unmounted and mounted again without {@code rdonly}, each step through both controls as for read-only. */
    @Override
    public synchronized void writable(Volume volume) throws IOException {
        String bsd = bsdName(volume);
        String where = describe(volume, bsd);
        step(where, "unmount it", disks -> disks.unmount(bsd),
                "it is still mounted read-only (a program probably holds a file open on it)");
        step(where, "mount it writable", disks -> disks.mount(bsd, List.of()),
                "it is unmounted now, not mounted again");
        LOG.info("{} is writable again (unmounted and mounted again without rdonly)", where);
    }

    @Override
    public synchronized void deny(Volume volume) throws IOException {
        String bsd = bsdName(volume);
        String where = describe(volume, bsd);
        step(where, "unmount it", disks -> disks.unmount(bsd),
                "it is still mounted (a program probably holds a file open on it)");
        String whole = BsdName.whole(bsd);
        step(where, "eject disk " + whole, disks -> disks.eject(whole),
                "it is unmounted, but the disk is still attached and can be mounted again");
        LOG.info("{} is unmounted and disk {} ejected", where, whole);
    }

    /** One step through the primary control, then through the fallback; both failing is an IOException with both reasons. */
    private void step(String where, String what, Step step, String consequence) throws IOException {
        try {
            step.run(primary);
            return;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("{}: could not {} through {} ({}); trying {}", where, what, primary.name(), OsText.clip(e.getMessage(), 200),
                    fallback.name());
            try {
                step.run(fallback);
            } catch (IOException | RuntimeException second) {
                IOException failure = new IOException(where + ": could not " + what + " through " + primary.name() + " ("
                        + OsText.clip(e.getMessage(), 200) + ") nor through " + fallback.name() + " ("
                        + OsText.clip(second.getMessage(), 200) + "); " + consequence, second);
                failure.addSuppressed(e);
                throw failure;
            }
        }
    }

    private static String bsdName(Volume volume) throws IOException {
        return BsdName.of(volume.mount().device()).or(() -> BsdName.of(volume.mount().source()))
                .orElseThrow(() -> new IOException(volume.mount().mountPoint() + " has no BSD disk name (device "
                        + OsText.clip(volume.mount().device()) + "): nothing can be enforced on it"));
    }

    private static String describe(Volume volume, String bsd) {
        return OsText.clip(volume.mount().mountPoint().toString()) + " (" + bsd + ", " + volume.identity().shortName() + ")";
    }
}

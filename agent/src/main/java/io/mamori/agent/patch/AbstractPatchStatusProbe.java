package io.mamori.agent.patch;

import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.io.IOException;
import java.time.Clock;

/**
 * What every OS's probe does the same way: the measurement's time, the OS, and a machine that
 * cannot be read reported as a status with the reason rather than an exception. Each OS fills in
 * what it learns ({@link #read}); a program that fails or an output that cannot be read ends the
 * measurement with what was learnt before it.
 */
public abstract class AbstractPatchStatusProbe implements PatchStatusProbe {

    private final OsFamily osFamily;
    private final String source;
    private final Clock clock;

    /** @param source which probe this is ({@code wua}, {@code softwareupdate}); null where {@link #read} says */
    protected AbstractPatchStatusProbe(OsFamily osFamily, String source, Clock clock) {
        this.osFamily = osFamily;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public final OsFamily osFamily() {
        return osFamily;
    }

    @Override
    public final PatchStatus measure() {
        PatchStatusBuilder status = new PatchStatusBuilder(clock.instant(), osFamily, source);
        try {
            read(status);
        } catch (IOException | UnreadableOutputException e) {
            status.failed(e.getMessage());
        }
        return status.build();
    }

    /** Reads this machine's patch level into {@code status}. */
    protected abstract void read(PatchStatusBuilder status) throws IOException, UnreadableOutputException;
}

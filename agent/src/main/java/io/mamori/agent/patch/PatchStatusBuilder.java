package io.mamori.agent.patch;

import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.time.Instant;

/**
 * A {@link PatchStatus} filled in by name as a probe learns each part (the record has twelve
 * positional fields), with texts cut to the lengths the protocol allows, so that a long OS build
 * string or error message never turns a measurement into an exception.
 */
public final class PatchStatusBuilder {

    private static final int TEXT = 128;
    private static final int SOURCE = 64;
    private static final int ERROR = 1000;

    private final Instant collectedAt;
    private final OsFamily osFamily;
    private String source;
    private String osBuild;
    private PendingUpdates pending = PendingUpdates.NONE;
    private Instant lastSecurityUpdateAt;
    private boolean rebootRequired;
    private Instant rebootRequiredSince;
    private String kernelRunning;
    private String kernelInstalled;
    private String error;

    /** @param source which probe measures ({@code apt}, {@code wua}, …); null until a probe knows */
    public PatchStatusBuilder(Instant collectedAt, OsFamily osFamily, String source) {
        this.collectedAt = collectedAt;
        this.osFamily = osFamily;
        this.source = clip(source, SOURCE);
    }

    public PatchStatusBuilder source(String value) {
        this.source = clip(value, SOURCE);
        return this;
    }

    public PatchStatusBuilder osBuild(String value) {
        this.osBuild = clip(value, TEXT);
        return this;
    }

    public PatchStatusBuilder pending(PendingUpdates value) {
        this.pending = value;
        return this;
    }

    public PatchStatusBuilder lastSecurityUpdateAt(Instant value) {
        this.lastSecurityUpdateAt = value;
        return this;
    }

    /** Whether an installed update waits for a restart, and since when if known (kept only when one does). */
    public PatchStatusBuilder rebootRequired(boolean required, Instant since) {
        this.rebootRequired = required;
        this.rebootRequiredSince = required ? since : null;
        return this;
    }

    public boolean rebootRequired() {
        return rebootRequired;
    }

    /** The running kernel and the newest installed one (Linux). */
    public PatchStatusBuilder kernels(String running, String installed) {
        this.kernelRunning = clip(running, TEXT);
        this.kernelInstalled = clip(installed, TEXT);
        return this;
    }

    /**
     * The measurement could not complete: the reason is kept, and the pending updates are unknown
     * (reported as none, with the error saying why); what was learnt before stays.
     */
    public PatchStatusBuilder failed(String reason) {
        this.error = clip(reason == null ? "unknown error" : reason, ERROR);
        this.pending = PendingUpdates.NONE;
        return this;
    }

    public PatchStatus build() {
        return new PatchStatus(collectedAt, osFamily, osBuild, pending.updates(), pending.security(), lastSecurityUpdateAt,
                rebootRequired, rebootRequiredSince, kernelRunning, kernelInstalled, source, error);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

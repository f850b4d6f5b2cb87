package io.mamori.agent.quarantine;

import java.io.IOException;

/**
 * A store file does not authenticate: it was damaged on disk, cut short, edited, or sealed with
 * another key. Nothing is written from it; the caller can tell this apart from an I/O error that
 * a retry may cure.
 */
public final class DamagedQuarantineFileException extends IOException {

    public DamagedQuarantineFileException(String message) {
        super(message);
    }
}

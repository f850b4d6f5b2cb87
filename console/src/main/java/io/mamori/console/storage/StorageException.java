package io.mamori.console.storage;

/** The database refused or failed; the console answers 500/503 and the change is rolled back. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.mamori.protocol.policy;

/** What a temporary exception covers: a device, or one file's content wherever it is copied. */
public enum ExceptionScope {
    DEVICE,
    FILE
}

package io.mamori.protocol.patch;

/** The operating systems an agent runs on. */
public enum OsFamily {
    LINUX,
    WINDOWS,
    MACOS
}

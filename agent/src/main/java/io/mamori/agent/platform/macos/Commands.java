package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.List;

/**
 * The macOS command-line tools the adapters fall back to, one method each; {@link DiskutilCommands}
 * runs them. Every failure is an IOException saying which command failed and how.
 */
interface Commands {

    /** {@code diskutil info -plist <bsdName>}: the property list it prints. */
    byte[] diskutilInfo(String bsdName) throws IOException;

    /**
     * {@code diskutil <arguments>} ({@code unmount disk4s1}, {@code mount readOnly disk4s1},
     * {@code eject disk4}); fails when diskutil exits with anything but 0.
     */
    void diskutil(List<String> arguments) throws IOException;
}

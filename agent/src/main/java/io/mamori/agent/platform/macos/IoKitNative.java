package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The IOKit registry as the identity needs it: the IOMedia object of a BSD name and its parents in
 * the IOService plane ({@code IORegistryEntryGetParentEntry}), nearest first, each as the few
 * properties {@link UsbDeviceChain#KEYS} names (CFNumber → Long, CFString → String).
 * {@link JnaIoKit} is the implementation on macOS.
 */
interface IoKitNative {

    /** Property maps from the IOMedia of {@code bsdName} up to the registry root (at most {@code maxDepth}). */
    List<Map<String, Object>> parents(String bsdName, int maxDepth) throws IOException;
}

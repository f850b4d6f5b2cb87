package io.mamori.agent.platform.macos;

import com.sun.jna.platform.mac.IOKit;
import com.sun.jna.platform.mac.IOKitUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link IoKitNative} through jna-platform's IOKit mapping: {@code IOBSDNameMatching},
 * {@code IOServiceGetMatchingService}, then {@code IORegistryEntryGetParentEntry} in the IOService
 * plane, reading each entry's properties by name (as OSHI's MacUsbDevice reads {@code idVendor},
 * {@code idProduct}, {@code USB Serial Number}). Compiled only: no Mac ran it.
 */
final class JnaIoKit implements IoKitNative {

    private static final String PLANE = "IOService";

    @Override
    public List<Map<String, Object>> parents(String bsdName, int maxDepth) throws IOException {
        String name = BsdName.require(bsdName);
        IOKit.IORegistryEntry entry;
        try {
            entry = IOKitUtil.getMatchingService(IOKitUtil.getBSDNameMatchingDict(name));
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("IOKit cannot be asked for " + name + ": " + e, e);
        }
        if (entry == null) {
            throw new IOException("IOKit has no IOMedia named " + name);
        }
        List<Map<String, Object>> chain = new ArrayList<>();
        try {
            while (entry != null && chain.size() < maxDepth) {
                chain.add(properties(entry));
                IOKit.IORegistryEntry parent = entry.getParentEntry(PLANE);
                entry.release();
                entry = parent;
            }
        } finally {
            if (entry != null) {
                entry.release();
            }
        }
        return chain;
    }

    private static Map<String, Object> properties(IOKit.IORegistryEntry entry) {
        Map<String, Object> properties = new HashMap<>();
        String name = entry.getName();
        if (name != null) {
            properties.put(UsbDeviceChain.ENTRY_NAME, name);
        }
        for (String key : UsbDeviceChain.NUMBER_KEYS) {
            Long value = entry.getLongProperty(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        for (String key : UsbDeviceChain.TEXT_KEYS) {
            String value = entry.getStringProperty(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        return properties;
    }
}

package io.mamori.agent.platform.macos;

import com.sun.jna.Pointer;
import com.sun.jna.platform.mac.CoreFoundation;
import java.util.HashMap;
import java.util.Map;

/**
 * CoreFoundation values as Java ones, at the JNA line: a disk's description dictionary becomes the
 * map {@link DiskDescription} reads (only its {@link DiskDescription#KEYS}). Compiled only.
 */
final class CfValues {

    private static final CoreFoundation CF = CoreFoundation.INSTANCE;

    private CfValues() {
    }

    /** {@code DADiskCopyDescription}, read and released; empty when DiskArbitration gives none. */
    static Map<String, Object> description(Pointer disk) {
        Map<String, Object> values = new HashMap<>();
        Pointer copied = DiskArbitrationLibrary.DA.INSTANCE.DADiskCopyDescription(disk);
        if (copied == null) {
            return values;
        }
        CoreFoundation.CFDictionaryRef dictionary = new CoreFoundation.CFDictionaryRef(copied);
        try {
            for (String key : DiskDescription.KEYS) {
                CoreFoundation.CFStringRef cfKey = CoreFoundation.CFStringRef.createCFString(key);
                try {
                    Pointer value = dictionary.getValue(cfKey);
                    Object converted = value == null ? null : javaValue(value);
                    if (converted != null) {
                        values.put(key, converted);
                    }
                } finally {
                    cfKey.release();
                }
            }
        } finally {
            dictionary.release();
        }
        return values;
    }

    /** A CFString, CFBoolean, CFNumber, CFURL (its POSIX path) or CFUUID (its string); null for other types. */
    static Object javaValue(Pointer value) {
        long type = CF.CFGetTypeID(value).longValue();
        if (type == CF.CFStringGetTypeID().longValue()) {
            return new CoreFoundation.CFStringRef(value).stringValue();
        }
        if (type == CF.CFBooleanGetTypeID().longValue()) {
            return new CoreFoundation.CFBooleanRef(value).booleanValue();
        }
        if (type == CF.CFNumberGetTypeID().longValue()) {
            return new CoreFoundation.CFNumberRef(value).longValue();
        }
        DiskArbitrationLibrary.CF extras = DiskArbitrationLibrary.CF.INSTANCE;
        if (type == extras.CFURLGetTypeID().longValue()) {
            return copiedString(extras.CFURLCopyFileSystemPath(value, DiskArbitrationLibrary.POSIX_PATH_STYLE));
        }
        if (type == extras.CFUUIDGetTypeID().longValue()) {
            return copiedString(extras.CFUUIDCreateString(null, value));
        }
        return null;
    }

    /** A CFString the caller owns: read, then released. */
    static String copiedString(Pointer string) {
        if (string == null) {
            return null;
        }
        CoreFoundation.CFStringRef ref = new CoreFoundation.CFStringRef(string);
        try {
            return ref.stringValue();
        } finally {
            ref.release();
        }
    }
}

package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link ResultCache} in memory, least recently used entries going first. */
public final class MemoryResultCache implements ResultCache {

    private record FileState(long size, long modifiedMillis, String sha256) {
    }

    private final Map<String, Classification> results;
    private final Map<String, FileState> files;

    public MemoryResultCache(int maxEntries) {
        this.results = lru(maxEntries);
        this.files = lru(maxEntries);
    }

    private static <V> Map<String, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Classification get(String configuration, String sha256) {
        return results.get(configuration + "/" + sha256);
    }

    @Override
    public synchronized void put(String configuration, String sha256, Classification result) {
        results.put(configuration + "/" + sha256, result);
    }

    @Override
    public synchronized String knownHash(String path, long size, long modifiedMillis) {
        FileState state = files.get(path);
        return state != null && state.size() == size && state.modifiedMillis() == modifiedMillis ? state.sha256() : null;
    }

    @Override
    public synchronized void rememberHash(String path, long size, long modifiedMillis, String sha256) {
        files.put(path, new FileState(size, modifiedMillis, sha256));
    }
}

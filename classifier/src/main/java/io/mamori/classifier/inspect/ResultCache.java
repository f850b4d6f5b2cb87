package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;

/**
 * Classifications by content hash, so content seen before is not parsed again, and content
 * hashes by (path, size, modification time), so a file seen before is not even read again.
 * Keys include the classifier's configuration fingerprint: a policy with other custom
 * detectors does not reuse results made without them.
 */
public interface ResultCache {

    /** A classification of this content under this configuration, or null. */
    Classification get(String configuration, String sha256);

    void put(String configuration, String sha256, Classification result);

    /** The content hash of the file as it was when last seen with this size and time, or null. */
    String knownHash(String path, long size, long modifiedMillis);

    void rememberHash(String path, long size, long modifiedMillis, String sha256);
}

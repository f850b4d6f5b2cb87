package io.mamori.agent.index;

import io.mamori.classifier.Classification;
import java.nio.file.Path;

/**
 * A file as the index last saw it, with the classification of its content.
 *
 * @param path           the file, absolute
 * @param size           bytes, when last seen
 * @param modifiedMillis its modification time then
 * @param sha256         its content hash then
 * @param classification what its content was classified as under the configuration asked for, or
 *                       null when that content has not been classified under it (yet)
 */
public record IndexedFile(Path path, long size, long modifiedMillis, String sha256, Classification classification) {
}

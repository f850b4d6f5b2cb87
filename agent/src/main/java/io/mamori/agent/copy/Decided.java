package io.mamori.agent.copy;

import io.mamori.protocol.policy.Action;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * One file decided and its decision carried out: what the tests, the demo and the latency benchmark
 * watch for ({@link RemovableMediaGuard#onDecided}).
 *
 * @param writtenAt when the watcher saw the file closed
 * @param doneAt    when the decision had been carried out (left and logged, or moved into quarantine)
 */
public record Decided(Path path, UUID eventId, UUID operationId, Action action, Instant writtenAt, Instant doneAt, String sha256) {
}
